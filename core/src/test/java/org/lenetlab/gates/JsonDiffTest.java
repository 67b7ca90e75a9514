package org.lenetlab.gates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonDiffTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<String> diff(String a, String b) throws Exception {
        JsonNode x = JSON.readTree(a);
        JsonNode y = JSON.readTree(b);
        return JsonDiff.diff(x, y).stream().map(JsonDiff.Change::toString).toList();
    }

    @Test
    void namesThePathsOfChangedFields() throws Exception {
        String before = """
                {"training": {"learningRate": [0.001], "epochs": [2]}, "seeds": [0],
                 "models": [{"name": "m", "layers": [{"type": "dense", "units": 120}, {"type": "dense", "units": 10}]}]}
                """;
        String after = """
                {"training": {"learningRate": [0.002], "epochs": [2.0]}, "seeds": [5],
                 "models": [{"name": "m", "layers": [{"type": "dense", "units": 100}, {"type": "dense", "units": 10}]}]}
                """;
        assertEquals(List.of("$.training.learningRate: [0.001] → [0.002]", "$.seeds: [0] → [5]",
                "$.models[0].layers[0].units: 120 → 100"), diff(before, after));
    }

    @Test
    void addedRemovedAndOddKeys() throws Exception {
        // keys in the first document's order, then the keys only the second has
        assertEquals(List.of("$.a: 1 → (absent)", "$.list[1]: (absent) → {\"k\":1}", "$['x-y']: (absent) → \"z\""),
                diff("{\"a\": 1, \"list\": [{}]}", "{\"x-y\": \"z\", \"list\": [{}, {\"k\": 1}]}"));
        assertTrue(diff("{\"a\": [1, 2], \"b\": null}", "{\"a\": [1.0, 2], \"b\": null}").isEmpty());
        assertEquals(List.of("$.b: null → 0"), diff("{\"b\": null}", "{\"b\": 0}"));
        assertEquals(List.of("$: (absent) → {}"), JsonDiff.diff(null, JSON.createObjectNode()).stream()
                .map(JsonDiff.Change::toString).toList());
    }
}
