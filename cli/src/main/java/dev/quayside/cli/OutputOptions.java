package dev.quayside.cli;

import picocli.CommandLine.Option;

/** How a command reports: the log on stderr, the result on stdout. */
final class OutputOptions {
    @Option(names = "--json", description = "Print the result as JSON on stdout.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "Log only warnings and errors.")
    boolean quiet;

    @Option(names = "--debug", description = "Log details, and print stack traces of errors.")
    boolean debug;
}
