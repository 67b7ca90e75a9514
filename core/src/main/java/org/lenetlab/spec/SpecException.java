package org.lenetlab.spec;

import java.util.List;
import java.util.stream.Collectors;

/** A spec that cannot be used, with every problem found in it. */
public final class SpecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<SpecProblem> problems;

    /** An exception carrying at least one problem. */
    public SpecException(List<SpecProblem> problems) {
        super(problems.stream().map(SpecProblem::toString).collect(Collectors.joining(System.lineSeparator())));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a SpecException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** An exception carrying one problem. */
    public SpecException(SpecProblem problem) {
        this(List.of(problem));
    }

    /** The problems, in document order where known. */
    public List<SpecProblem> problems() {
        return problems;
    }
}
