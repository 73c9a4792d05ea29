package dev.basalt.cli;

/** The `basalt` command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        int status = BasaltCommand.commandLine().execute(args);
        System.out.flush();
        System.err.flush();
        // exit() rather than returning: the AWS SDK's Netty event loops would otherwise take seconds to wind down.
        System.exit(status);
    }
}
