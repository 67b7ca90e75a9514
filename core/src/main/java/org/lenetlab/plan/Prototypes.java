package org.lenetlab.plan;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Built-in prototype sets for RBF layers: bitmaps drawn as text, {@code #} for +1 and {@code .} for −1, one per
 * class, read from {@code org/lenetlab/plan/prototypes/<name>.txt}. A set file holds blocks of a line
 * {@code digit N} (N counting from 0 in order) followed by {@code rows} lines of {@code columns} characters;
 * outside blocks, blank lines and lines starting with {@code #} are comments.
 */
public final class Prototypes {
    /** The names of the built-in sets. */
    public static final List<String> NAMES = List.of("lenet5-digits-7x12", "one-hot-10");

    /** The bitmap height of each set: LeNet-5's 7×12 digits, and ten 1×10 rows (+1 at the class, −1 elsewhere). */
    private static final Map<String, Integer> ROWS = Map.of("lenet5-digits-7x12", 12, "one-hot-10", 1);

    private static final Map<String, Prototypes> CACHE = new ConcurrentHashMap<>();

    private final String name;
    private final int rows;
    private final int columns;
    private final float[][] bitmaps;

    private Prototypes(String name, int rows, int columns, float[][] bitmaps) {
        this.name = name;
        this.rows = rows;
        this.columns = columns;
        this.bitmaps = bitmaps;
    }

    /** The built-in set called {@code name}, or empty for an unknown name. */
    public static Optional<Prototypes> named(String name) {
        if (!NAMES.contains(name)) {
            return Optional.empty();
        }
        return Optional.of(CACHE.computeIfAbsent(name, Prototypes::load));
    }

    /** The set's name. */
    public String name() {
        return name;
    }

    /** The number of prototypes (classes). */
    public int count() {
        return bitmaps.length;
    }

    /** The number of values of one prototype (rows × columns). */
    public int dimension() {
        return rows * columns;
    }

    /** Bitmap height. */
    public int rows() {
        return rows;
    }

    /** Bitmap width. */
    public int columns() {
        return columns;
    }

    /** All prototypes, row-major ({@code count × dimension}), ±1. */
    public float[] values() {
        float[] out = new float[count() * dimension()];
        for (int i = 0; i < bitmaps.length; i++) {
            System.arraycopy(bitmaps[i], 0, out, i * dimension(), dimension());
        }
        return out;
    }

    /** Prototype {@code index} drawn as text again, one line per row. */
    public String draw(int index) {
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                sb.append(bitmaps[index][r * columns + c] > 0 ? '#' : '.');
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static Prototypes load(String name) {
        String resource = "prototypes/" + name + ".txt";
        try (InputStream in = Prototypes.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource org/lenetlab/plan/" + resource);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<List<String>> blocks = new ArrayList<>();
            String line;
            int lineNumber = 0;
            List<String> current = null;
            int expectedRows = ROWS.get(name);
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                String text = line.strip();
                if (current != null && current.size() < expectedRows) {
                    current.add(text);
                    continue;
                }
                if (text.isEmpty() || text.startsWith("#")) {
                    continue;
                }
                if (!text.equals("digit " + blocks.size())) {
                    throw new IllegalStateException(resource + ":" + lineNumber + ": expected 'digit " + blocks.size()
                            + "', got '" + text + "'");
                }
                current = new ArrayList<>();
                blocks.add(current);
            }
            if (blocks.isEmpty() || blocks.get(blocks.size() - 1).size() != expectedRows) {
                throw new IllegalStateException(resource + ": every bitmap needs " + expectedRows + " rows");
            }
            int columns = blocks.get(0).get(0).length();
            float[][] bitmaps = new float[blocks.size()][expectedRows * columns];
            for (int i = 0; i < blocks.size(); i++) {
                for (int r = 0; r < expectedRows; r++) {
                    String row = blocks.get(i).get(r);
                    if (row.length() != columns || !row.matches("[#.]+")) {
                        throw new IllegalStateException(resource + ": row " + (r + 1) + " of digit " + i + " must be "
                                + columns + " characters of '#' and '.', got '" + row + "'");
                    }
                    for (int c = 0; c < columns; c++) {
                        bitmaps[i][r * columns + c] = row.charAt(c) == '#' ? 1f : -1f;
                    }
                }
            }
            return new Prototypes(name, expectedRows, columns, bitmaps);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
