package dev.quayside.cli;

import dev.quayside.engine.errors.QuaysideException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** What every sub-command shares: output options, the console, and turning failures into exit codes. */
abstract class EngineCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Mixin
    OutputOptions output = new OutputOptions();

    abstract int execute(Console console) throws Exception;

    @Override
    public final Integer call() {
        Console console = new Console(main.out, main.err, main.clock, output.quiet, output.debug,
                Console.colourWanted(main.environment, main.terminal));
        Signals signals = Signals.install();
        try {
            return execute(console);
        } catch (QuaysideException e) {
            console.error("error: " + e.getMessage());
            if (output.debug) {
                StringWriter trace = new StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                main.err.print(trace);
            }
            if (e.failure() == dev.quayside.engine.errors.Failure.INVALID_INPUT) {
                main.err.println("Try '" + spec.qualifiedName() + " --help' for usage and examples.");
            }
            return ExitCodes.of(e.failure());
        } catch (Exception e) {
            console.error("error: " + e);
            if (output.debug) {
                e.printStackTrace(main.err);
            }
            return ExitCodes.REMOTE;
        } finally {
            signals.finished();
        }
    }
}
