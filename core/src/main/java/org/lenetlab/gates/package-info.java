/**
 * Reproducibility gates: baselines and their verification. A {@link org.lenetlab.gates.Baseline} records, per cell,
 * the metrics that matter (test accuracy per epoch, final losses, parameter counts, the confusion matrix, a digest
 * of the trained weights) with the run's provenance and default {@link org.lenetlab.gates.Tolerances}.
 * {@link org.lenetlab.gates.Verifier} compares a results file against it and gives a
 * {@link org.lenetlab.gates.VerifyReport}: one {@link org.lenetlab.gates.Check} per cell and metric, and what
 * changed in the spec ({@link org.lenetlab.gates.JsonDiff}) and in the environment. The report renders as a text
 * table and as JUnit XML ({@link org.lenetlab.gates.JUnitXml}), so any CI shows it.
 */
package org.lenetlab.gates;
