package org.lenetlab.gates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TolerancesTest {
    @Test
    void overridesByNameWithPercentagesAndCommas() {
        Tolerances t = Tolerances.DEFAULTS.override(List.of("testAccuracy=0.005", "trainLoss=2%, testLoss=0.5%",
                "confusionMatrix=25"));
        assertEquals(new Tolerances(0.005, 0.02, 0.005, 25), t);
        assertEquals(Tolerances.DEFAULTS, Tolerances.DEFAULTS.override(List.of()));
        assertEquals(0.002, Tolerances.DEFAULTS.override(List.of("testAccuracy=0.2%")).testAccuracy(), 1e-15);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "accuracy=0.1|--tolerance 'accuracy=0.1': unknown metric 'accuracy'; tolerances exist for testAccuracy, trainLoss, testLoss, confusionMatrix (parameter counts are compared exactly)",
        "parameters.trainable=1|unknown metric 'parameters.trainable'",
        "testAccuracy|--tolerance 'testAccuracy': expected METRIC=VALUE",
        "testAccuracy=-0.1|--tolerance 'testAccuracy=-0.1': expected a number ≥ 0 (or a percentage), got '-0.1'",
        "trainLoss=abc|expected a number ≥ 0",
        "trainLoss=NaN|expected a number ≥ 0",
        "confusionMatrix=5%|confusionMatrix is a number of images per count, not a percentage",
    })
    void badArgumentsSayWhatIsWrong(String argument, String message) {
        var e = assertThrows(IllegalArgumentException.class, () -> Tolerances.DEFAULTS.override(List.of(argument)));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void baselineFilesMayLeaveSomeOut() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertEquals(Tolerances.DEFAULTS.with("trainLoss", 0.5),
                json.readValue("{\"trainLoss\": 0.5}", Tolerances.class));
        assertEquals(Tolerances.DEFAULTS, json.readValue(json.writeValueAsString(Tolerances.DEFAULTS), Tolerances.class));
    }
}
