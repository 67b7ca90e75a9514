package org.lenetlab.reports;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.lenetlab.inspect.FeatureMaps;
import org.lenetlab.inspect.Inspection;

/**
 * An {@link Inspection} as HTML, in the manner of LeCun et al.'s figures of LeNet-5 at work: the image as the network
 * sees it, every layer's activation maps as small greyscale tiles (each layer scaled from its smallest value, white,
 * to its largest, black; a flat layer drawn as rows of 40 units), the first convolution's filters, and the output
 * scores. Every image is an inline PNG data URI, so the HTML needs nothing from elsewhere.
 */
public final class InspectionHtml {
    /** Units per row when a flat layer is drawn. */
    static final int UNITS_PER_ROW = 40;
    /** Target height in CSS pixels of one map tile. */
    private static final int TILE = 56;

    /** The styles the panel uses, for a page or a report to include once. */
    public static final String CSS = """
            .inspection { margin: 1em 0 2em; }
            .inspection h3 { margin: 0.3em 0; }
            .inspection .inspection-meta { color: #555; margin: 0 0 0.6em; }
            .inspection-layer { display: flex; align-items: flex-start; gap: 0.8em; margin: 0.35em 0; }
            .inspection-layer .inspection-label { width: 13em; flex: none; font-size: 0.9em; }
            .inspection-layer .inspection-label small { display: block; color: #666; }
            .inspection-tiles { display: flex; flex-wrap: wrap; gap: 3px; }
            .inspection-tiles img { image-rendering: pixelated; border: 1px solid #bbb; background: #fff; }
            table.inspection-scores { border-collapse: collapse; margin-top: 0.6em; }
            table.inspection-scores td, table.inspection-scores th { padding: 1px 8px; text-align: right; }
            table.inspection-scores tr.predicted { font-weight: bold; }
            table.inspection-scores .bar { display: inline-block; height: 0.8em; background: #4a78b5; }
            """;

    private InspectionHtml() {
    }

    /** A whole page: title, styles and the panel. */
    public static String page(Inspection inspection, String title) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; "
                + "style-src 'unsafe-inline'\">\n<title>" + escape(title) + "</title>\n<style>\n"
                + "body { font-family: system-ui, sans-serif; margin: 1.5em; color: #222; }\n" + CSS
                + "</style>\n</head>\n<body>\n<h1>" + escape(title) + "</h1>\n" + panel(inspection)
                + "</body>\n</html>\n";
    }

    /** The panel, a {@code div.inspection}. */
    public static String panel(Inspection inspection) {
        StringBuilder html = new StringBuilder(64 * 1024);
        html.append("<div class=\"inspection\" data-model=\"").append(escape(inspection.model())).append("\">\n");
        html.append("<h3>").append(escape(inspection.model())).append("</h3>\n");
        html.append("<p class=\"inspection-meta\">cell <code>").append(escape(inspection.cell())).append("</code>, ")
                .append(inspection.epochs()).append(inspection.epochs() == 1 ? " epoch" : " epochs")
                .append("; predicted class <strong class=\"inspection-predicted\">").append(inspection.predicted())
                .append("</strong></p>\n");
        layer(html, inspection.input(), "input", "as the network sees it (normalised, preprocessed)");
        for (FeatureMaps maps : inspection.layers()) {
            layer(html, maps, "layer", maps.type());
        }
        if (inspection.filters() != null) {
            layer(html, inspection.filters(), "filters", "the first convolution's kernels");
        }
        scores(html, inspection);
        html.append("</div>\n");
        return html.toString();
    }

    private static void layer(StringBuilder html, FeatureMaps maps, String kind, String note) {
        String shape = maps.shape().stream().map(String::valueOf).collect(Collectors.joining("×"));
        html.append("<div class=\"inspection-layer inspection-kind-").append(kind).append("\"><div class=\"inspection-label\">")
                .append(escape(maps.name())).append(" <small>").append(escape(note)).append(", ").append(shape)
                .append("</small></div><div class=\"inspection-tiles\">");
        float[] v = maps.values();
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float x : v) {
            if (Float.isFinite(x)) {
                min = Math.min(min, x);
                max = Math.max(max, x);
            }
        }
        boolean flat = maps.shape().size() != 3;
        int count = flat ? 1 : maps.maps();
        int width = flat ? Math.min(UNITS_PER_ROW, v.length) : maps.width();
        int height = flat ? (v.length + UNITS_PER_ROW - 1) / UNITS_PER_ROW : maps.height();
        int scale = flat ? 8 : Math.max(1, TILE / Math.max(height, 1));
        for (int m = 0; m < count; m++) {
            byte[] png = png(v, m * (flat ? 0 : width * height), flat ? v.length : width * height, width, height,
                    min, max);
            html.append("<img src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(png))
                    .append("\" width=\"").append(width * scale).append("\" height=\"").append(height * scale)
                    .append("\" alt=\"").append(escape(maps.name())).append(flat ? "" : " map " + (m + 1))
                    .append("\">");
        }
        html.append(String.format(Locale.ROOT, "</div><small class=\"inspection-range\">%.3g … %.3g</small></div>%n",
                min, max));
    }

    private static void scores(StringBuilder html, Inspection inspection) {
        float[] scores = inspection.scores();
        float max = 0;
        for (float s : scores) {
            max = Math.max(max, Math.abs(s));
        }
        html.append("<table class=\"inspection-scores\"><caption>output scores (").append(escape(inspection.scoreKind()))
                .append(")</caption><tr><th>class</th><th>score</th><th></th></tr>\n");
        for (int k = 0; k < scores.length; k++) {
            html.append("<tr").append(k == inspection.predicted() ? " class=\"predicted\"" : "").append("><td>")
                    .append(k).append("</td><td>").append(String.format(Locale.ROOT, "%.4f", scores[k]))
                    .append("</td><td><span class=\"bar\" style=\"width:")
                    .append(String.format(Locale.ROOT, "%.1f", max == 0 ? 0 : 120 * Math.abs(scores[k]) / max))
                    .append("px\"></span></td></tr>\n");
        }
        html.append("</table>\n");
    }

    /** {@code n} values from {@code offset} as a {@code width × height} greyscale PNG: min white, max black. */
    static byte[] png(float[] values, int offset, int n, int width, int height, float min, float max) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = image.getRaster();
        float range = max - min;
        for (int i = 0; i < width * height; i++) {
            int grey = 255;
            if (i < n) {
                float v = values[offset + i];
                float t = !Float.isFinite(v) || !(range > 0) ? 0.5f : (v - min) / range;
                grey = 255 - Math.round(Math.min(1f, Math.max(0f, t)) * 255f);
            }
            raster.setSample(i % width, i / width, 0, grey);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try {
            if (!ImageIO.write(image, "png", bytes)) {
                throw new IllegalStateException("no PNG writer available");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Text for HTML element content and attribute values. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
