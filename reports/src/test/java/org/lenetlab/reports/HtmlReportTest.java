package org.lenetlab.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML as text: escaping, inlining, offline. The browser tests check how it behaves. */
class HtmlReportTest {
    @TempDir
    Path dir;

    @Test
    void escapesEveryStringFromSpecsAndResults() {
        Path run = ResultsFixtures.builder().experiment("<script>alert(1)</script>")
                .models("</script><img src=x onerror=alert(2)>", "b\"'&").backends("cpu", "cuda")
                .write(dir.resolve("hostile"));
        String html = HtmlReport.render(ResultsLoader.loadAll(List.of(run)), Optional.empty());
        assertFalse(html.contains("<script>alert(1)"), "raw experiment name");
        assertFalse(html.contains("<img src=x"), "raw model name");
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertEquals(3, Pattern.compile("<script").matcher(html).results().count(), "the report's own scripts only");
        assertEquals(3, Pattern.compile("</script").matcher(html).results().count());
    }

    @Test
    void isSelfContained() {
        Path run = ResultsFixtures.builder().backends("cpu").write(dir.resolve("run"));
        String html = HtmlReport.render(ResultsLoader.loadAll(List.of(run)), Optional.of(ResultsFixtures.testImages()));
        assertTrue(html.contains("Chart.js v4"), "Chart.js inlined");
        assertFalse(Pattern.compile("(src|href)\\s*=\\s*[\"']?(https?:)?//").matcher(html).find(), "no remote resource");
        assertFalse(html.contains("sourceMappingURL"));
        assertTrue(html.contains("default-src 'none'"), "a CSP that forbids network access");
        assertTrue(html.contains("data:image/png;base64,"));
    }

    @Test
    void writesAtomicallyAndReplaces() throws IOException {
        Path run = ResultsFixtures.builder().backends("cpu").seeds(0L).write(dir.resolve("run"));
        Path file = run.resolve(HtmlReport.FILE_NAME);
        HtmlReport.write(file, ResultsLoader.loadAll(List.of(run)), Optional.empty());
        HtmlReport.write(file, ResultsLoader.loadAll(List.of(run)), Optional.empty());
        try (var files = Files.list(run)) {
            assertEquals(List.of("report.html", "results.json"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertTrue(Files.readString(file).startsWith("<!DOCTYPE html>"));
    }
}
