/**
 * The plan: a model spec resolved into immutable, typed records, the contract between core and the backends. A
 * {@link org.lenetlab.plan.ModelPlan} holds one {@link org.lenetlab.plan.LayerPlan} record per layer (its kind's own
 * type, with every default applied, shapes inferred, the connection table and prototypes resolved and each
 * parameter's initializer chosen) and a {@link org.lenetlab.plan.LossPlan}; an {@link org.lenetlab.plan.OptimizerPlan}
 * and a {@link org.lenetlab.plan.Precision} say how a cell trains it. Code that treats every layer kind, loss or
 * update rule dispatches through the records' visitors, which the compiler checks for completeness.
 *
 * <p>Nothing here depends on the JSON specs: the planner ({@code org.lenetlab.spec.ModelPlanner}) validates a spec
 * and builds its plan once, and backends see only plans.
 */
package org.lenetlab.plan;
