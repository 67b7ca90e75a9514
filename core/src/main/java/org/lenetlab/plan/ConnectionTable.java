package org.lenetlab.plan;

import java.util.Arrays;
import java.util.List;

/**
 * Which input channels each output channel of a convolution reads, resolved once by the planner: LeNet-5's C3 table,
 * or the full table (every output reads every input, in order) of an ordinary convolution. Immutable.
 *
 * <p>The weights of a convolution are packed one {@code kernel × kernel} row per (output, input) pair, output by
 * output in the table's order: row {@link #row(int, int) row(o, k)} holds the kernel that output {@code o} applies to
 * its {@code k}-th input {@link #input(int, int) input(o, k)}. For the full table that is exactly the
 * {@code [out, in, kernel, kernel]} layout.
 */
public final class ConnectionTable {
    private final int inputs;
    private final int[][] table;
    private final int[] firstRow;
    private final boolean full;

    private ConnectionTable(int inputs, int[][] table) {
        this.inputs = inputs;
        this.table = table;
        this.firstRow = new int[table.length + 1];
        boolean everyInput = true;
        for (int o = 0; o < table.length; o++) {
            firstRow[o + 1] = firstRow[o] + table[o].length;
            if (table[o].length != inputs) {
                everyInput = false;
            } else {
                for (int k = 0; k < inputs; k++) {
                    everyInput &= table[o][k] == k;
                }
            }
        }
        this.full = everyInput;
    }

    /** Every one of {@code outputs} channels reads every one of {@code inputs} channels, in order. */
    public static ConnectionTable full(int outputs, int inputs) {
        int[][] table = new int[outputs][inputs];
        for (int[] row : table) {
            for (int k = 0; k < inputs; k++) {
                row[k] = k;
            }
        }
        return new ConnectionTable(inputs, table);
    }

    /**
     * The table whose output {@code o} reads the channels {@code rows.get(o)} of {@code inputs} channels.
     *
     * @throws IllegalArgumentException for an empty row, a channel outside {@code 0..inputs-1} or one listed twice
     *                                  (the planner reports these with their JSON paths first)
     */
    public static ConnectionTable of(List<List<Integer>> rows, int inputs) {
        int[][] table = new int[rows.size()][];
        for (int o = 0; o < table.length; o++) {
            List<Integer> row = rows.get(o);
            if (row.isEmpty()) {
                throw new IllegalArgumentException("output channel " + o + " reads no input channel");
            }
            table[o] = new int[row.size()];
            for (int k = 0; k < row.size(); k++) {
                int channel = row.get(k);
                if (channel < 0 || channel >= inputs || row.indexOf(channel) != k) {
                    throw new IllegalArgumentException("output channel " + o + " lists input channel " + channel);
                }
                table[o][k] = channel;
            }
        }
        return new ConnectionTable(inputs, table);
    }

    /** The number of output channels. */
    public int outputs() {
        return table.length;
    }

    /** The number of input channels. */
    public int inputs() {
        return inputs;
    }

    /** How many input channels output {@code output} reads. */
    public int inputCount(int output) {
        return table[output].length;
    }

    /** The {@code k}-th input channel output {@code output} reads. */
    public int input(int output, int k) {
        return table[output][k];
    }

    /** The weight row of the pair (output, its {@code k}-th input). */
    public int row(int output, int k) {
        return firstRow[output] + k;
    }

    /** The number of (output, input) pairs, i.e. weight rows. */
    public int pairs() {
        return firstRow[table.length];
    }

    /** Whether every output reads every input in order (an ordinary convolution). */
    public boolean isFull() {
        return full;
    }

    /** The table as lists, e.g. for a summary or a spec. */
    public List<List<Integer>> toLists() {
        return Arrays.stream(table).map(row -> Arrays.stream(row).boxed().toList()).toList();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConnectionTable other && other.inputs == inputs && Arrays.deepEquals(other.table, table);
    }

    @Override
    public int hashCode() {
        return 31 * inputs + Arrays.deepHashCode(table);
    }

    @Override
    public String toString() {
        return full ? "full " + table.length + "×" + inputs : "table " + toLists();
    }
}
