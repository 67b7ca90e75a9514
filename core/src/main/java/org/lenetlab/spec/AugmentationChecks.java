package org.lenetlab.spec;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks the {@code augmentation} training setting: every amount finite and within its bounds. */
final class AugmentationChecks {
    /** Largest shift, in pixels. */
    static final double MAX_TRANSLATE = 16;
    /** Largest relative scale and squeeze change (1 ± 0.9 keeps images from vanishing). */
    static final double MAX_SCALE = 0.9;
    /** Largest shear coefficient. */
    static final double MAX_SHEAR = 2;
    /** Largest rotation, degrees. */
    static final double MAX_ROTATE = 180;
    /** Largest elastic displacement scale, in pixels. */
    static final double MAX_ALPHA = 100;
    /** Largest elastic smoothing, in pixels (it bounds the cost of the smoothing). */
    static final double MAX_SIGMA = 10;

    private AugmentationChecks() {
    }

    static void check(List<AugmentationSpec> values, JsonPath at, List<SpecProblem> problems) {
        if (values.isEmpty()) {
            problems.add(SpecProblem.at(at, "an empty list leaves nothing to run; give at least one value"));
            return;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < values.size(); i++) {
            AugmentationSpec a = values.get(i);
            JsonPath p = values.size() == 1 ? at : at.index(i);
            if (a == null) {
                problems.add(SpecProblem.at(p, "must be an object such as {\"translate\": 2, \"scale\": 0.1}, not null"));
                continue;
            }
            if (values.size() > 1) {
                String name = a.name() == null ? "" : a.name();
                if (name.isBlank()) {
                    problems.add(SpecProblem.at(p, "a swept augmentation needs a 'name' for the cell ids"));
                } else if (!names.add(name)) {
                    problems.add(SpecProblem.at(p.field("name"), "two augmentations are named '"
                            + SpecProblem.printable(name) + "'"));
                }
            }
            if (a.name() != null && !a.name().matches("[A-Za-z0-9._-]+")) {
                problems.add(SpecProblem.at(p.field("name"), "letters, digits, '.', '_' and '-' only, got '"
                        + SpecProblem.printable(a.name()) + "'"));
            }
            amount(a.probability(), 1, p.field("probability"), problems);
            amount(a.translate(), MAX_TRANSLATE, p.field("translate"), problems);
            amount(a.scale(), MAX_SCALE, p.field("scale"), problems);
            amount(a.squeeze(), MAX_SCALE, p.field("squeeze"), problems);
            amount(a.shear(), MAX_SHEAR, p.field("shear"), problems);
            amount(a.rotate(), MAX_ROTATE, p.field("rotate"), problems);
            if (a.elastic() != null) {
                JsonPath e = p.field("elastic");
                if (a.elastic().alpha() == null || a.elastic().sigma() == null) {
                    problems.add(SpecProblem.at(e, "an elastic deformation needs both 'alpha' and 'sigma'"));
                } else {
                    amount(a.elastic().alpha(), MAX_ALPHA, e.field("alpha"), problems);
                    amount(a.elastic().sigma(), MAX_SIGMA, e.field("sigma"), problems);
                }
            }
        }
    }

    private static void amount(Double value, double max, JsonPath at, List<SpecProblem> problems) {
        if (value != null && !(value >= 0 && value <= max)) {
            problems.add(SpecProblem.at(at, "must be between 0 and " + (max == Math.rint(max) ? Long.toString((long) max)
                    : Double.toString(max)) + ", got " + value));
        }
    }
}
