package org.lenetlab.provenance;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.lenetlab.results.Environment;

/**
 * Where a results file came from, enough to tell what changed between two runs. Fields that cannot be known here are
 * {@code null} (never a reason to fail a run): the git fields outside a checkout or without {@code git}, the version
 * outside a build, ND4J's or JCuda's version when it is not on the class path.
 *
 * @param lenetVersion         LeNet Lab's version (jar manifest, else the build's version resource)
 * @param gitCommit            {@code git rev-parse HEAD} in the working directory, or {@code null}
 * @param gitDirty             whether {@code git status --porcelain} listed anything, or {@code null}
 * @param javaVendor           {@code java.vendor}
 * @param javaVersion          {@code java.version}
 * @param javaVm               {@code java.vm.name} and {@code java.vm.version}
 * @param os                   operating system name, version and architecture
 * @param cpu                  CPU model
 * @param cores                logical processors available to the JVM
 * @param nd4jVersion          version of {@code org.nd4j:nd4j-native} (or {@code nd4j-api}) on the class path
 * @param jcudaVersion         version of {@code org.jcuda:jcuda} on the class path
 * @param libraries            every library on the class path, {@code groupId:artifactId} → version
 * @param threadSettings       environment variables that set native thread counts, as they were (absent when unset)
 * @param backends             each backend that ran a cell → its device description
 * @param specSha256           SHA-256 of the canonical resolved spec
 * @param data                 SHA-256 of every data file used, by file name
 * @param seeds                the seeds of the cells, in matrix order, without repeats
 * @param startedAt            ISO-8601 instant the run started
 * @param finishedAt           ISO-8601 instant it ended, {@code null} while running
 */
@JsonPropertyOrder({"lenetVersion", "gitCommit", "gitDirty", "javaVendor", "javaVersion", "javaVm", "os", "cpu",
    "cores", "nd4jVersion", "jcudaVersion", "threadSettings", "backends", "specSha256", "data", "seeds", "startedAt",
    "finishedAt", "libraries"})
public record RunProvenance(String lenetVersion, String gitCommit, Boolean gitDirty, String javaVendor,
                            String javaVersion, String javaVm, String os, String cpu, int cores, String nd4jVersion,
                            String jcudaVersion, Map<String, String> libraries, Map<String, String> threadSettings,
                            Map<String, String> backends, String specSha256, Map<String, String> data,
                            List<Long> seeds, String startedAt, String finishedAt) {

    /** Environment variables recorded in {@link #threadSettings()}. */
    public static final List<String> THREAD_VARIABLES = List.of("OMP_NUM_THREADS", "OMP_WAIT_POLICY",
            "OMP_PROC_BIND", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS");

    /** Copies the maps and the list, keeping {@code null}s. */
    public RunProvenance {
        libraries = copy(libraries, true);
        threadSettings = copy(threadSettings, false);
        backends = copy(backends, true);
        data = copy(data, false);
        seeds = seeds == null ? null : List.copyOf(seeds);
    }

    /**
     * This process's provenance for a run of a spec with hash {@code specSha256} and the given seeds, started at
     * {@code startedAt}; git is asked about {@code workingDirectory}. Backends and data are added as they are used.
     */
    public static RunProvenance collect(Path workingDirectory, String specSha256, List<Long> seeds, Instant startedAt) {
        Environment environment = Environment.current();
        var git = GitInfo.of(workingDirectory);
        Map<String, String> libraries = ClassPathLibraries.scan();
        String nd4j = libraries.getOrDefault("org.nd4j:nd4j-native", libraries.get("org.nd4j:nd4j-api"));
        Map<String, String> threads = new LinkedHashMap<>();
        for (String name : THREAD_VARIABLES) {
            String value = System.getenv(name);
            if (value != null) {
                threads.put(name, value);
            }
        }
        return new RunProvenance(ProjectVersion.current(), git.map(GitInfo::commit).orElse(null),
                git.map(GitInfo::dirty).orElse(null), System.getProperty("java.vendor"),
                System.getProperty("java.version"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"), environment.os(),
                environment.cpu(), environment.cores(), nd4j, libraries.get("org.jcuda:jcuda"), libraries, threads,
                Map.of(), specSha256, Map.of(), seeds.stream().distinct().toList(), startedAt.toString(), null);
    }

    /** The same, with a backend's device added (the first description seen for a backend is kept). */
    public RunProvenance withBackend(String name, String device) {
        if (device == null || backends.containsKey(name)) {
            return this;
        }
        Map<String, String> more = new TreeMap<>(backends);
        more.put(name, device);
        return new RunProvenance(lenetVersion, gitCommit, gitDirty, javaVendor, javaVersion, javaVm, os, cpu, cores,
                nd4jVersion, jcudaVersion, libraries, threadSettings, more, specSha256, data, seeds, startedAt,
                finishedAt);
    }

    /** The same, with the data files' digests. */
    public RunProvenance withData(Map<String, String> digests) {
        return new RunProvenance(lenetVersion, gitCommit, gitDirty, javaVendor, javaVersion, javaVm, os, cpu, cores,
                nd4jVersion, jcudaVersion, libraries, threadSettings, backends, specSha256, digests, seeds, startedAt,
                finishedAt);
    }

    /** The same, ended at {@code instant}. */
    public RunProvenance finishedAt(Instant instant) {
        return new RunProvenance(lenetVersion, gitCommit, gitDirty, javaVendor, javaVersion, javaVm, os, cpu, cores,
                nd4jVersion, jcudaVersion, libraries, threadSettings, backends, specSha256, data, seeds, startedAt,
                instant.toString());
    }

    private static Map<String, String> copy(Map<String, String> map, boolean sorted) {
        if (map == null) {
            return null;
        }
        return Collections.unmodifiableMap(sorted ? new TreeMap<>(map) : new LinkedHashMap<>(map));
    }
}
