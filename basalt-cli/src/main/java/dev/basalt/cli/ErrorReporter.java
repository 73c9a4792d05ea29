package dev.basalt.cli;

import dev.basalt.core.ModelException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The one place that turns a failure into what the user sees: a single line with the fix and an exit
 * status; the stack trace only with --debug.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
        PrintWriter err = cli.getErr();
        int status;
        String line;
        if (e instanceof ModelException me) {
            status = ExitCode.MODEL_ERROR;
            line = me.userMessage();
        } else if (e instanceof UserError ue) {
            status = ue.status();
            line = ue.getMessage() + (ue.hint() == null ? "" : " (" + ue.hint() + ")");
        } else {
            status = ExitCode.INTERNAL;
            line = "unexpected error: " + e + " (run again with --debug and report it)";
        }
        err.println(cli.getColorScheme().errorText("basalt: " + line));
        if (debug(parsed)) {
            e.printStackTrace(err);
        }
        err.flush();
        return status;
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        PrintWriter err = cli.getErr();
        err.println(cli.getColorScheme().errorText("basalt: " + e.getMessage()
                + " (see `" + cli.getCommandSpec().qualifiedName() + " --help`)"));
        err.flush();
        return ExitCode.USAGE;
    }

    /** Whether --debug was given to the command of {@code parsed} or to one of its subcommands. */
    static boolean debug(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }
}
