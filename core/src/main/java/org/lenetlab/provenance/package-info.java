/**
 * Provenance of a run: what produced a results file. {@link org.lenetlab.provenance.RunProvenance} is the record in
 * {@code results.json} (project version and git commit, Java, operating system, CPU, the libraries on the class path
 * with ND4J's and JCuda's versions picked out, each backend's device, the spec's and every data file's SHA-256,
 * seeds, start and end), and {@link org.lenetlab.provenance.WeightsDigest} fingerprints trained parameters.
 * Hashing goes through OLCUT's {@code ProvenanceUtil}, as Tribuo's own provenance does.
 */
package org.lenetlab.provenance;
