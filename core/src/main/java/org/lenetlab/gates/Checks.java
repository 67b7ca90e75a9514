package org.lenetlab.gates;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Number formatting for verification tables. */
final class Checks {
    private Checks() {
    }

    /** A number with at most 6 significant digits and no trailing zeros, e.g. 0.9285, 0.311016, 10. */
    static String number(double value) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        if (value == 0) {
            return "0";
        }
        BigDecimal d = new BigDecimal(value).round(new MathContext(6)).stripTrailingZeros();
        String plain = d.toPlainString();
        return plain.length() <= 12 ? plain : String.format(Locale.ROOT, "%.5e", value);
    }

    /** A signed difference, e.g. +0.0016, −0.0004 (ASCII minus), 0. */
    static String signed(double value) {
        if (value == 0) {
            return "0";
        }
        String s = number(Math.abs(value));
        return (value > 0 ? "+" : "-") + s;
    }

    /** A signed percentage with 3 significant digits, e.g. +3.95%. */
    static String percent(double fraction) {
        if (!Double.isFinite(fraction)) {
            return "n/a";
        }
        if (fraction == 0) {
            return "0%";
        }
        BigDecimal d = new BigDecimal(Math.abs(fraction) * 100).round(new MathContext(3)).stripTrailingZeros();
        return (fraction > 0 ? "+" : "-") + d.toPlainString() + "%";
    }
}
