package dev.basalt.emulator;

/**
 * What the emulated model answers: one Converse request in, one reply out.
 *
 * <p>This is the emulator's one extension point for model behaviour. {@link EchoModel} is the
 * default; scripted conversations, faults and quotas will be further implementations or wrappers.
 * The reply is a plan, not a stream: the server turns its chunks into Converse JSON or
 * ConverseStream frames, so a behaviour never touches the wire.
 *
 * <p>Called on a network thread, possibly concurrently for several requests: implementations must
 * be thread-safe and must not block (latency belongs in the reply, not in a sleep here). An
 * exception thrown from {@link #reply} is answered as a 500 {@code InternalServerException}.
 */
@FunctionalInterface
public interface ModelBehaviour {

    /** The answer to {@code request}. Never null. */
    ModelReply reply(ModelRequest request);
}
