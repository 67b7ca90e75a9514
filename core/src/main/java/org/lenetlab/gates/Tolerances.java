package org.lenetlab.gates;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How far each metric may move before verification fails. Parameter counts are always compared exactly.
 *
 * @param testAccuracy    largest allowed absolute change of a test accuracy (a fraction: 0.002 is 20 of 10,000
 *                        images), for every epoch's and the final one
 * @param trainLoss       largest allowed relative change, |actual − baseline| / |baseline|, of the last epoch's mean
 *                        training loss
 * @param testLoss        the same for the last epoch's mean test loss
 * @param confusionMatrix largest allowed absolute change of any one count of the confusion matrix
 */
public record Tolerances(double testAccuracy, double trainLoss, double testLoss, double confusionMatrix) {
    /** The metric names, as {@code --tolerance} and baseline files spell them. */
    public static final List<String> NAMES = List.of("testAccuracy", "trainLoss", "testLoss", "confusionMatrix");

    /**
     * The defaults: about four times the drift a float-level perturbation caused in the {@code ci-smoke} experiment
     * (0.04 percentage points of accuracy, 0.25% of loss), small enough that a changed setting fails.
     */
    public static final Tolerances DEFAULTS = new Tolerances(0.002, 0.01, 0.01, 10);

    /** Checks every tolerance is a finite number ≥ 0. */
    public Tolerances {
        check("testAccuracy", testAccuracy);
        check("trainLoss", trainLoss);
        check("testLoss", testLoss);
        check("confusionMatrix", confusionMatrix);
    }

    /** Reads a baseline file's tolerances, taking the default for every one it leaves out. */
    @JsonCreator
    public static Tolerances of(@JsonProperty("testAccuracy") Double testAccuracy,
                                @JsonProperty("trainLoss") Double trainLoss,
                                @JsonProperty("testLoss") Double testLoss,
                                @JsonProperty("confusionMatrix") Double confusionMatrix) {
        return new Tolerances(testAccuracy != null ? testAccuracy : DEFAULTS.testAccuracy,
                trainLoss != null ? trainLoss : DEFAULTS.trainLoss,
                testLoss != null ? testLoss : DEFAULTS.testLoss,
                confusionMatrix != null ? confusionMatrix : DEFAULTS.confusionMatrix);
    }

    /** The tolerance of metric {@code name} (one of {@link #NAMES}). */
    public double get(String name) {
        return switch (name) {
            case "testAccuracy" -> testAccuracy;
            case "trainLoss" -> trainLoss;
            case "testLoss" -> testLoss;
            case "confusionMatrix" -> confusionMatrix;
            default -> throw new IllegalArgumentException(unknown(name));
        };
    }

    /** These tolerances with metric {@code name} set to {@code value}. */
    public Tolerances with(String name, double value) {
        return switch (name) {
            case "testAccuracy" -> new Tolerances(value, trainLoss, testLoss, confusionMatrix);
            case "trainLoss" -> new Tolerances(testAccuracy, value, testLoss, confusionMatrix);
            case "testLoss" -> new Tolerances(testAccuracy, trainLoss, value, confusionMatrix);
            case "confusionMatrix" -> new Tolerances(testAccuracy, trainLoss, testLoss, value);
            default -> throw new IllegalArgumentException(unknown(name));
        };
    }

    /**
     * These tolerances overridden by {@code --tolerance} arguments: each is {@code metric=value}, several may be
     * joined with commas, and a value other than {@code confusionMatrix}'s may end in {@code %} (so
     * {@code trainLoss=1%} is 0.01 and {@code testAccuracy=0.2%} is 0.002).
     *
     * @throws IllegalArgumentException with a one-line message naming the bad argument
     */
    public Tolerances override(List<String> arguments) {
        Tolerances result = this;
        for (String argument : arguments) {
            for (String part : argument.split(",")) {
                String item = part.strip();
                if (item.isEmpty()) {
                    continue;
                }
                int eq = item.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--tolerance '" + item + "': expected METRIC=VALUE, e.g. "
                            + "testAccuracy=0.002 or trainLoss=1%");
                }
                String name = item.substring(0, eq).strip();
                if (!NAMES.contains(name)) {
                    throw new IllegalArgumentException("--tolerance '" + item + "': " + unknown(name));
                }
                String value = item.substring(eq + 1).strip();
                if (name.equals("confusionMatrix") && value.endsWith("%")) {
                    throw new IllegalArgumentException("--tolerance '" + item + "': confusionMatrix is a number of "
                            + "images per count, not a percentage");
                }
                result = result.with(name, parse(item, value));
            }
        }
        return result;
    }

    /** The tolerances as {@code name → value}, in {@link #NAMES} order. */
    public Map<String, Double> asMap() {
        Map<String, Double> map = new LinkedHashMap<>();
        for (String name : NAMES) {
            map.put(name, get(name));
        }
        return map;
    }

    private static double parse(String item, String text) {
        boolean percent = text.endsWith("%");
        String number = percent ? text.substring(0, text.length() - 1).strip() : text;
        double value;
        try {
            value = Double.parseDouble(number);
        } catch (NumberFormatException e) {
            value = Double.NaN;
        }
        if (!Double.isFinite(value) || value < 0 || number.isEmpty() || !number.matches("[0-9.eE+-]+")) {
            throw new IllegalArgumentException("--tolerance '" + item + "': expected a number ≥ 0 (or a percentage), got '"
                    + text + "'");
        }
        return percent ? value / 100 : value;
    }

    private static String unknown(String name) {
        return "unknown metric '" + name + "'; tolerances exist for " + String.join(", ", NAMES)
                + " (parameter counts are compared exactly)";
    }

    private static void check(String name, double value) {
        if (!Double.isFinite(value) || value < 0) {
            throw new IllegalArgumentException("tolerance " + name + " must be a number ≥ 0, got " + value);
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "testAccuracy=%s, trainLoss=%s, testLoss=%s, confusionMatrix=%s",
                Checks.number(testAccuracy), Checks.number(trainLoss), Checks.number(testLoss),
                Checks.number(confusionMatrix));
    }
}
