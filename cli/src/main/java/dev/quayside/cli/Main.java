package dev.quayside.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code quayside} command: release containers to Amazon ECR and ECS. */
@Command(name = "quayside", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Release containers to Amazon ECR and ECS: log in, push images without a Docker daemon, and more.",
        footer = {"", "Exit codes: 0 success, 1 push or deployment refused or failed, 2 bad input, 3 AWS or registry error, 4 timeout, 130 interrupted.",
                "Documentation: docs/cli.md"})
public final class Main implements Runnable {
    /**
     * The sub-commands in the order of the usage. Only the one named on the command line is built: picocli's
     * model of a command is built by reflection and is most of our start-up, so building all of them for a
     * push would cost every run for a list only the usage shows.
     */
    private static final List<Class<?>> COMMANDS = List.of(EcrLoginCommand.class, PushCommand.class, RegisterTaskDefCommand.class,
            DeployCommand.class, WaitDeploymentCommand.class, ReleaseCommand.class, ScanGateCommand.class, RunTaskCommand.class);

    @Spec
    CommandSpec spec;

    final Map<String, String> environment;
    final InputStream in;
    final PrintStream out;
    final PrintStream err;
    final Clock clock;
    final boolean terminal;

    Main(Map<String, String> environment, InputStream in, PrintStream out, PrintStream err, Clock clock, boolean terminal) {
        this.environment = Map.copyOf(environment);
        this.in = in;
        this.out = out;
        this.err = err;
        this.clock = clock;
        this.terminal = terminal;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.in, System.out, System.err, Clock.systemDefaultZone(), System.console() != null));
    }

    static int run(String[] args, Map<String, String> env, InputStream in, PrintStream out, PrintStream err, Clock clock, boolean terminal) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // The same line picocli prints, without building any command model or touching the engine.
            out.println(Version.line());
            return ExitCodes.OK;
        }
        Main main = new Main(env, in, out, err, clock, terminal);
        CommandLine cli = new CommandLine(main);
        Class<?> named = null;
        for (Class<?> command : COMMANDS) {
            if (args.length > 0 && command.getAnnotation(Command.class).name().equals(args[0])) {
                named = command;
            }
        }
        if (named != null) {
            cli.addSubcommand(named);
        } else {
            // The usage, `help` and an unknown command's suggestions need them all.
            for (Class<?> command : COMMANDS) {
                cli.addSubcommand(command);
            }
            cli.addSubcommand(new CommandLine.HelpCommand());
        }
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setParameterExceptionHandler((e, args2) -> {
            CommandLine failed = e.getCommandLine();
            failed.getErr().println("error: " + e.getMessage());
            failed.getErr().println("Try '" + failed.getCommandSpec().qualifiedName() + " --help' for usage and examples.");
            return ExitCodes.BAD_INPUT;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {line()};
        }

        static String line() {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return "quayside " + p.getProperty("version", "unknown") + " (Java " + System.getProperty("java.version") + ")";
        }
    }
}
