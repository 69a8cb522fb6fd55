package io.paude.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop sessions and remove all their containers and networks.")
public final class StopCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    EngineOption engineOption;

    @Parameters(arity = "1..*", paramLabel = "SESSION")
    List<String> sessions;

    @Override
    public Integer call() {
        var service = Services.sessions(engineOption.engine(null), spec.commandLine().getErr());
        int code = ExitCodes.OK;
        for (String s : sessions) {
            if (service.stop(s)) {
                spec.commandLine().getOut().println("stopped " + s);
            } else {
                spec.commandLine().getErr().println("paude: no session named " + s + "\n  fix: see 'paude list'");
                code = ExitCodes.USAGE;
            }
        }
        return code;
    }
}
