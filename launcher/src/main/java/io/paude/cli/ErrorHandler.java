package io.paude.cli;

import io.paude.policy.PolicyException;
import io.paude.policy.Refusal;
import io.paude.runtime.EngineException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * The one place that turns exceptions into messages and exit codes. Stack traces only with --stacktrace.
 * Messages often name what the agent chose (file, plugin and session names, engine output): they are escaped by
 * the channel they are printed to ({@code cl.getErr()}, wrapped by {@link Main} in {@link io.paude.SafeText#terminal}),
 * not here. Escaping a whole message here would turn the line breaks of multi-line messages (the findings of the
 * secrets scan) into {@code \n}; escaping each of its lines is what the channel does; the builders of messages that
 * list the agent's names escape each name, line breaks included.
 */
final class ErrorHandler implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parsed) {
        PrintWriter err = cl.getErr();
        boolean trace = parsed.hasMatchedOption("--stacktrace") || rootHasStacktrace(parsed);
        int code;
        if (ex instanceof PolicyException p) {
            err.println("paude: " + (p instanceof Refusal ? "refused: " : "") + p.getMessage());
            err.println("  fix: " + p.fix());
            code = p instanceof Refusal ? ExitCodes.REFUSED : ExitCodes.USAGE;
        } else if (ex instanceof EngineException e) {
            err.println("paude: " + e.getMessage());
            err.println("  fix: " + e.fix());
            code = ExitCodes.SANDBOX;
        } else {
            err.println("paude: internal error: " + ex);
            err.println("  fix: rerun with --stacktrace and report it");
            code = ExitCodes.INTERNAL;
        }
        if (trace) {
            ex.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    private static boolean rootHasStacktrace(ParseResult parsed) {
        ParseResult p = parsed;
        while (p != null) {
            if (p.hasMatchedOption("--stacktrace")) {
                return true;
            }
            p = p.subcommand();
        }
        return false;
    }
}
