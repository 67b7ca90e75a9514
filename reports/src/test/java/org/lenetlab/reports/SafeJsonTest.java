package org.lenetlab.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SafeJsonTest {
    @Test
    void nothingInAStringCanCloseTheScriptElement() throws Exception {
        String hostile = "</script><script>alert(1)</script><!-- & \u2028\u2029 done";
        String json = SafeJson.write(Map.of("label", hostile, "data", List.of(1, 2.5)));
        for (String unsafe : List.of("<", ">", "&", "\u2028", "\u2029")) {
            assertFalse(json.contains(unsafe), unsafe + " in " + json);
        }
        Map<?, ?> back = JsonMapper.builder().build().readValue(json, Map.class);
        assertEquals(hostile, back.get("label"));
        assertEquals(List.of(1, 2.5), back.get("data"));
    }
}
