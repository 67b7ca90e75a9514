/**
 * A model spec resolved into a plan: every layer's name, input and output shape, parameter shapes and fan-in,
 * parameter and connection counts. Shape errors are found here, before any backend is involved.
 */
package org.lenetlab.model;
