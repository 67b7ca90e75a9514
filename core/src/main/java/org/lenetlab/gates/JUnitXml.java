package org.lenetlab.gates;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.lenetlab.results.ResultsWriter;

/**
 * Writes a verification as a JUnit XML report (the Ant/Surefire format every CI reads): one test suite named after
 * the experiment, one test case per cell and metric ({@code name} is {@code <cell> :: <metric>}), failed ones with a
 * {@code <failure>} giving baseline, actual, difference and tolerance, and a {@code provenance} test case whose
 * output is the spec and environment diff. The suite's {@code system-out} holds the whole text report.
 */
public final class JUnitXml {
    private JUnitXml() {
    }

    /** Writes {@code report} to {@code file} atomically. */
    public static void write(Path file, VerifyReport report, String baselineFile, double seconds) {
        try {
            ResultsWriter.writeAtomically(file, bytes(report, baselineFile, seconds, Instant.now()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The XML document, UTF-8. */
    static byte[] bytes(VerifyReport report, String baselineFile, double seconds, Instant timestamp) {
        List<Check> cases = report.checks().stream().filter(c -> c.verdict() != Check.Verdict.INFO).toList();
        long failures = cases.stream().filter(Check::failed).count();
        String suite = "lenet verify " + report.experiment();
        String time = String.format(Locale.ROOT, "%.3f", seconds);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuites");
            xml.writeAttribute("name", "lenet verify");
            xml.writeAttribute("tests", Long.toString(cases.size() + 1));
            xml.writeAttribute("failures", Long.toString(failures));
            xml.writeAttribute("errors", "0");
            xml.writeAttribute("time", time);
            xml.writeCharacters("\n  ");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", suite);
            xml.writeAttribute("tests", Long.toString(cases.size() + 1));
            xml.writeAttribute("failures", Long.toString(failures));
            xml.writeAttribute("errors", "0");
            xml.writeAttribute("skipped", "0");
            xml.writeAttribute("time", time);
            xml.writeAttribute("timestamp", timestamp.truncatedTo(ChronoUnit.SECONDS).toString().replace("Z", ""));
            xml.writeCharacters("\n    ");
            xml.writeStartElement("properties");
            property(xml, "baseline", baselineFile);
            property(xml, "specSha256.baseline", report.baselineSpecSha256());
            property(xml, "specSha256.run", report.runSpecSha256());
            property(xml, "tolerances", report.tolerances().toString());
            xml.writeCharacters("\n    ");
            xml.writeEndElement();
            for (Check c : cases) {
                xml.writeCharacters("\n    ");
                xml.writeStartElement("testcase");
                xml.writeAttribute("classname", report.experiment());
                xml.writeAttribute("name", c.cell() + " :: " + c.metric());
                xml.writeAttribute("time", "0");
                if (c.failed()) {
                    xml.writeStartElement("failure");
                    xml.writeAttribute("type", "VerificationFailure");
                    xml.writeAttribute("message", c.metric() + ": baseline " + c.baseline() + ", actual " + c.actual()
                            + ", difference " + c.difference() + ", allowed " + c.tolerance());
                    xml.writeCharacters(c.cell() + "\n" + c.metric() + ": baseline " + c.baseline() + ", actual "
                            + c.actual() + ", difference " + c.difference() + ", allowed " + c.tolerance() + "\n");
                    xml.writeEndElement();
                }
                xml.writeEndElement();
            }
            xml.writeCharacters("\n    ");
            xml.writeStartElement("testcase");
            xml.writeAttribute("classname", report.experiment());
            xml.writeAttribute("name", "provenance");
            xml.writeAttribute("time", "0");
            xml.writeStartElement("system-out");
            xml.writeCharacters(report.provenanceDiff());
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeCharacters("\n    ");
            xml.writeStartElement("system-out");
            xml.writeCharacters(report.render());
            xml.writeEndElement();
            xml.writeCharacters("\n  ");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write JUnit XML", e);
        }
        return out.toString(StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
    }

    private static void property(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        xml.writeCharacters("\n      ");
        xml.writeEmptyElement("property");
        xml.writeAttribute("name", name);
        xml.writeAttribute("value", value == null ? "" : value);
    }
}
