package org.lenetlab.reports;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the report writes numbers, dates and setting values: fixed locale, so reports compare across machines. */
final class Formats {
    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Formats() {
    }

    /** A fraction as a percentage with two decimals, e.g. {@code 98.91%}. */
    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", fraction * 100);
    }

    /** A count with thousands separators, e.g. {@code 44,426}. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A rate rounded to a whole number with thousands separators. */
    static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f", perSecond);
    }

    /** A duration in seconds, with more decimals when short. */
    static String seconds(double s) {
        return String.format(Locale.ROOT, s >= 100 ? "%.0f s" : s >= 10 ? "%.1f s" : "%.2f s", s);
    }

    /** A ratio, e.g. {@code 3.20×}. */
    static String ratio(double r) {
        return String.format(Locale.ROOT, r >= 100 ? "%.0f×" : "%.2f×", r);
    }

    /** A difference of two fractions in percentage points, signed, e.g. {@code +0.12 pp}. */
    static String points(double fractionDelta) {
        return String.format(Locale.ROOT, "%+.2f pp", fractionDelta * 100);
    }

    /** A number for {@code data-sort} attributes and chart data: plain, locale-free. */
    static String sortKey(double v) {
        return Double.isFinite(v) ? BigDecimal.valueOf(v).toPlainString() : "";
    }

    /** An ISO-8601 instant as {@code yyyy-MM-dd HH:mm:ss UTC}, or the text itself when it is not one. */
    static String instant(String iso) {
        if (iso == null) {
            return "";
        }
        try {
            return DATE_TIME.format(Instant.parse(iso));
        } catch (DateTimeParseException e) {
            return iso;
        }
    }

    /** An instant as {@code yyyy-MM-dd HH:mm:ss UTC}. */
    static String instant(Instant instant) {
        return DATE_TIME.format(instant);
    }

    /**
     * A setting's value as a results file records it: numbers plainly (no exponent, no trailing zeros), objects as
     * {@code key value, ...} sorted, lists joined by commas.
     */
    static String settingValue(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "—";
        }
        if (value.isFloatingPointNumber()) {
            if (value.isBigDecimal()) {
                return value.decimalValue().stripTrailingZeros().toPlainString();
            }
            double d = value.doubleValue();
            return Double.isFinite(d) ? BigDecimal.valueOf(d).stripTrailingZeros().toPlainString() : String.valueOf(d);
        }
        if (value.isObject()) {
            List<String> entries = new ArrayList<>();
            value.properties().forEach(e -> entries.add(e.getKey() + " " + settingValue(e.getValue())));
            return entries.stream().sorted().collect(Collectors.joining(", "));
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(v -> items.add(settingValue(v)));
            return String.join(", ", items);
        }
        return value.asText();
    }
}
