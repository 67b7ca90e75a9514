package org.lenetlab.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrototypesTest {
    @Test
    void tenDistinctSevenByTwelveDigitBitmaps() {
        Prototypes set = Prototypes.named("lenet5-digits-7x12").orElseThrow();
        assertEquals(10, set.count());
        assertEquals(84, set.dimension());
        assertEquals(12, set.rows());
        assertEquals(7, set.columns());
        float[] values = set.values();
        assertEquals(840, values.length);
        Set<String> drawn = new HashSet<>();
        for (int d = 0; d < 10; d++) {
            String bitmap = set.draw(d);
            assertEquals(12, bitmap.lines().count());
            assertTrue(bitmap.lines().allMatch(l -> l.matches("[#.]{7}")), bitmap);
            drawn.add(bitmap);
            int ink = 0;
            for (int i = 0; i < 84; i++) {
                float v = values[d * 84 + i];
                assertTrue(v == 1f || v == -1f);
                assertEquals(v > 0, bitmap.replace("\n", "").charAt(i) == '#');
                ink += v > 0 ? 1 : 0;
            }
            assertTrue(ink >= 15 && ink <= 35, "digit " + d + " has " + ink + " ink pixels");
        }
        assertEquals(10, drawn.size());
    }

    @Test
    void everyTwoDigitsDifferInManyPixels() {
        float[] v = Prototypes.named("lenet5-digits-7x12").orElseThrow().values();
        int closest = Integer.MAX_VALUE;
        for (int a = 0; a < 10; a++) {
            for (int b = a + 1; b < 10; b++) {
                int differ = 0;
                for (int i = 0; i < 84; i++) {
                    differ += v[a * 84 + i] != v[b * 84 + i] ? 1 : 0;
                }
                closest = Math.min(closest, differ);
            }
        }
        assertTrue(closest >= 12, "two prototypes differ in only " + closest + " pixels");
    }

    @Test
    void unknownSetsAreEmpty() {
        assertTrue(Prototypes.named("letters").isEmpty());
    }

    @Test
    void theOneLooksLikeAOne() {
        assertEquals("""
                ...#...
                ..##...
                .#.#...
                #..#...
                ...#...
                ...#...
                ...#...
                ...#...
                ...#...
                ...#...
                ...#...
                #######
                """, Prototypes.named("lenet5-digits-7x12").orElseThrow().draw(1));
    }
}
