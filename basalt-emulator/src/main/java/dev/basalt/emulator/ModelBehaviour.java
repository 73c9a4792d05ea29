package dev.basalt.emulator;

/** How the emulated model answers. One call in, one reply out; the emulator does the wire. */
@FunctionalInterface
public interface ModelBehaviour {

    ModelReply reply(ModelRequest request);
}
