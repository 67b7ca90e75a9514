package org.lenetlab.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lenetlab.plan.ConnectionTable;

/**
 * The convolution's device index of a connection table ({@link ConvolutionKernel.Index}), checked on the host
 * against the plan's {@link ConnectionTable}: every (output, input, weight row) triple is found by output and by
 * input, and by input in row order.
 */
class ConvolutionIndexTest {
    /** LeNet-5's C3 table (LeCun et al. 1998, table I). */
    private static final List<List<Integer>> C3 = List.of(
            List.of(0, 1, 2), List.of(1, 2, 3), List.of(2, 3, 4), List.of(3, 4, 5), List.of(0, 4, 5),
            List.of(0, 1, 5), List.of(0, 1, 2, 3), List.of(1, 2, 3, 4), List.of(2, 3, 4, 5), List.of(0, 3, 4, 5),
            List.of(0, 1, 4, 5), List.of(0, 1, 2, 5), List.of(0, 1, 3, 4), List.of(1, 2, 4, 5), List.of(0, 2, 3, 5),
            List.of(0, 1, 2, 3, 4, 5));

    @Test
    void fullTable() {
        ConvolutionKernel.Index index = check(ConnectionTable.full(4, 3));
        assertArrayEquals(new int[] {0, 3, 6, 9}, index.inStart());
        assertArrayEquals(new int[] {0, 4, 8}, index.userStart());
        assertArrayEquals(new int[] {0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2}, index.rowChannel());
    }

    @Test
    void lenet5C3() {
        ConvolutionKernel.Index index = check(ConnectionTable.of(C3, 6));
        assertEquals(60, index.rowFilter().length);
        // input 0 feeds outputs 0, 4, 5, 6, 9, 10, 11, 12, 14, 15
        int[] users = java.util.Arrays.copyOfRange(index.userFilter(), index.userStart()[0],
                index.userStart()[0] + index.userCount()[0]);
        assertArrayEquals(new int[] {0, 4, 5, 6, 9, 10, 11, 12, 14, 15}, users);
    }

    @Test
    void unorderedRows() {
        check(ConnectionTable.of(List.of(List.of(2, 0), List.of(1), List.of(0, 2, 1)), 3));
    }

    private static ConvolutionKernel.Index check(ConnectionTable table) {
        ConvolutionKernel.Index index = ConvolutionKernel.Index.of(table);
        assertEquals(table.pairs(), index.rowChannel().length);
        for (int o = 0; o < table.outputs(); o++) {
            assertEquals(table.inputCount(o), index.inCount()[o]);
            for (int k = 0; k < table.inputCount(o); k++) {
                int at = index.inStart()[o] + k;
                assertEquals(table.input(o, k), index.rowChannel()[at], "input " + k + " of output " + o);
                assertEquals(table.row(o, k), index.inRow()[at], "row of input " + k + " of output " + o);
                assertEquals(o, index.rowFilter()[table.row(o, k)]);
                assertEquals(table.input(o, k), index.rowChannel()[table.row(o, k)]);
            }
        }
        for (int c = 0; c < table.inputs(); c++) {
            List<int[]> expected = new ArrayList<>();
            for (int o = 0; o < table.outputs(); o++) {
                for (int k = 0; k < table.inputCount(o); k++) {
                    if (table.input(o, k) == c) {
                        expected.add(new int[] {o, table.row(o, k)});
                    }
                }
            }
            expected.sort((a, b) -> Integer.compare(a[1], b[1]));
            assertEquals(expected.size(), index.userCount()[c], "users of input " + c);
            for (int u = 0; u < expected.size(); u++) {
                int at = index.userStart()[c] + u;
                assertArrayEquals(expected.get(u), new int[] {index.userFilter()[at], index.userRow()[at]},
                        "user " + u + " of input " + c);
            }
        }
        return index;
    }
}
