package org.lenetlab.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lenetlab.spark.cluster.JvmOptions;

/** Bad executor settings are bad input (one line, exit 2, nothing written); the driver's JVM options are Spark's. */
class CommandLineTest {
    @TempDir
    Path dir;

    private Runs.Cli run(String... more) {
        String[] args = new String[more.length + 4];
        args[0] = "run";
        args[1] = Runs.SPECS.resolve("quickstart.json").toString();
        args[2] = "--out";
        args[3] = dir.resolve("out").toString();
        System.arraycopy(more, 0, args, 4, more.length);
        return Runs.lenet(args);
    }

    @Test
    void anUnknownExecutorIsBadInput() {
        Runs.Cli cli = run("--executor", "dask");
        assertEquals(2, cli.exitCode(), cli.output());
        assertTrue(cli.output().contains("--executor dask: no such executor on the class path"), cli.output());
        assertFalse(Files.exists(dir.resolve("out")));
    }

    @Test
    void aMasterWithoutTheSparkExecutorIsBadInput() {
        Runs.Cli cli = run("--master", "local[2]");
        assertEquals(2, cli.exitCode(), cli.output());
        assertTrue(cli.output().contains("--master and --conf apply to --executor spark"), cli.output());
    }

    @Test
    void aPropertyThatIsNotSparksIsBadInput() {
        Runs.Cli cli = run("--executor", "spark", "--master", "local[1]", "--conf", "executor.memory=1g");
        assertEquals(2, cli.exitCode(), cli.output());
        assertTrue(cli.output().contains("--conf executor.memory=1g: not a Spark property"), cli.output());
    }

    @Test
    void theDriversJvmOptionsAreSparksModuleOptions() {
        assertTrue(JvmOptions.spark().contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"), JvmOptions.spark()
                .toString());
        assertEquals(JvmOptions.spark().size(), JvmOptions.spark().stream().distinct().count());
    }
}
