package org.lenetlab.spark;

import org.lenetlab.run.CellExecutor;
import org.lenetlab.run.CellExecutorProvider;

/** {@code lenet run --executor spark}: the {@link SparkCellExecutor}. */
public final class SparkExecutorProvider implements CellExecutorProvider {
    /** The name on the command line. */
    public static final String NAME = "spark";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CellExecutor open(Request request) {
        return SparkCellExecutor.open(request);
    }
}
