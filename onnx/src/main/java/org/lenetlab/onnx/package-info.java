/**
 * ONNX export of trained models: {@link org.lenetlab.onnx.OnnxExport} turns a checkpoint's model and parameters into
 * a standard ONNX model (opset {@value org.lenetlab.onnx.OnnxExport#OPSET}), preprocessing included, with the ONNX
 * protobuf classes that Tribuo ships ({@code ai.onnx.proto.OnnxMl}).
 */
package org.lenetlab.onnx;
