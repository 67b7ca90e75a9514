package org.lenetlab.reports;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;

/**
 * Fills the report template ({@code report.html.mustache}) with a {@link ReportModel}. Mustache HTML-escapes every
 * {@code {{value}}}; the only unescaped insertions ({@code {{{...}}}}) are the style sheet, the page script and
 * Chart.js (resources, checked here to contain no {@code </script} or {@code </style}), the chart data (made safe by
 * {@link SafeJson}) and the digit CSS (base64 only).
 */
final class ReportRenderer {
    private static final String BASE = "/org/lenetlab/reports/";
    private static final String CHART_JS_POM = "/META-INF/maven/org.webjars.npm/chart.js/pom.properties";

    private static final class Holder {
        static final ReportRenderer INSTANCE = new ReportRenderer();
    }

    private final Template template;
    private final Assets assets;

    /** What the template inlines besides the model. */
    record Assets(String css, String js, String chartJs, String chartJsVersion) {
    }

    /** The page: the model and the inlined assets. */
    record Page(ReportModel report, Assets assets) {
    }

    private ReportRenderer() {
        template = Mustache.compiler().escapeHTML(true).emptyStringIsFalse(true).nullValue("").compile(resource(BASE + "report.html.mustache"));
        String version = chartJsVersion();
        String chartJs = resource("/META-INF/resources/webjars/chart.js/" + version + "/dist/chart.umd.min.js")
                .replaceAll("(?m)^//# sourceMappingURL=.*$", "");
        assets = new Assets(inlinable(resource(BASE + "report.css"), "report.css"),
                inlinable(resource(BASE + "report.js"), "report.js"), inlinable(chartJs, "Chart.js"), version);
    }

    /** The shared renderer (the template and assets are read once). */
    static ReportRenderer get() {
        return Holder.INSTANCE;
    }

    /** The HTML page of {@code model}. */
    String render(ReportModel model) {
        return template.execute(new Page(model, assets));
    }

    private static String chartJsVersion() {
        Properties properties = new Properties();
        try (InputStream in = ReportRenderer.class.getResourceAsStream(CHART_JS_POM)) {
            if (in == null) {
                throw new IllegalStateException("Chart.js (org.webjars.npm:chart.js) is not on the class path");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version");
    }

    private static String inlinable(String text, String name) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.contains("</script") || lower.contains("</style") || lower.contains("<!--")) {
            throw new IllegalStateException(name + " cannot be inlined: it contains </script, </style or <!--");
        }
        return text;
    }

    private static String resource(String path) {
        try (InputStream in = ReportRenderer.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + path, e);
        }
    }
}
