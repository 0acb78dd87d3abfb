package dev.piglet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusTableTest {
    @Test
    void theChartDrawsThePeersBesideEachEngineFromTheMedians(@TempDir Path dir) throws Exception {
        Path raw = dir.resolve("raw.tsv");
        Files.writeString(raw, String.join("\n",
                "ref\tluhn\tswitch\t20.0", "ref\tluhn\tthreaded\t10.0",
                "gcc\tluhn\tprint\t1.0", "gcc\tluhn\tnoprint\t0.9",
                "steady\tluhn\tjit\t3.0\t10", "steady\tluhn\tjit\t1.0\t10", "steady\tluhn\tjit\t2.0\t10",
                "steady\tluhn\ttos\t12.0\t10", "process\tluhn\tjava-jar\t900") + "\n");
        Path svg = dir.resolve("chart.svg");
        CorpusTable.main(new String[] {raw.toString(), svg.toString()});
        String chart = Files.readString(svg);
        assertTrue(chart.startsWith("<svg"), chart);
        for (String bar : List.of("C reference 10", "gcc -O2 1", "jit 2", "tos 12")) {
            assertTrue(chart.contains(">" + bar), "bar " + bar + " in " + chart);
        }
    }

    @Test
    void nothingToDrawIsRefused(@TempDir Path dir) throws Exception {
        Path raw = dir.resolve("raw.tsv");
        Files.writeString(raw, "process\tluhn\tjava-jar\t900\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CorpusTable.main(new String[] {raw.toString(), dir.resolve("c.svg").toString()}));
        assertEquals("no steady-state or peer measurements to draw", e.getMessage());
    }
}
