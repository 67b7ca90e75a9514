package org.lenetlab.cli;

import picocli.CommandLine.Option;

/**
 * Options every command takes. {@code --verbose} is acted on before parsing (library logging must be configured
 * before any library loads), so here it is only declared, for the help text and so that it parses.
 */
final class CommonOptions {
    @Option(names = "--verbose", description = "Show library log lines (e.g. ND4J's start-up) and stack traces.")
    boolean verbose;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;
}
