"""Writes an int8 copy of the exported ONNX model with the `onnx` package alone (no onnxruntime here).

MatMuls with a weight initializer become DynamicQuantizeLinear + MatMulInteger with 7-bit
symmetric int8 weights (full +-127 overflows in the u8*s8 kernels of CPUs without VNNI), and
embedding tables become uint8 with a DequantizeLinear before their Gather. About 4x smaller.

Usage: python3 quantize.py MODEL_DIR/onnx/model.onnx MODEL_DIR/onnx/model_quantized.onnx
"""
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper, TensorProto


def main(src, dst):
    m = onnx.load(src)
    g = m.graph
    inits = {i.name: i for i in g.initializer}
    new_nodes, drop_inits, add_inits = [], set(), []
    for node in g.node:
        if node.op_type == "MatMul" and node.input[1] in inits and len(numpy_helper.to_array(inits[node.input[1]]).shape) == 2:
            w = numpy_helper.to_array(inits[node.input[1]]).astype(np.float32)
            scale = max(float(np.abs(w).max()) / 63.0, 1e-8)
            wq = np.clip(np.round(w / scale), -63, 63).astype(np.int8)
            base = node.output[0]
            add_inits += [numpy_helper.from_array(wq, base + "_Wq"), numpy_helper.from_array(np.array(scale, np.float32), base + "_Ws"),
                          numpy_helper.from_array(np.array(0, np.int8), base + "_Wzp")]
            drop_inits.add(node.input[1])
            new_nodes += [
                helper.make_node("DynamicQuantizeLinear", [node.input[0]], [base + "_Aq", base + "_As", base + "_Azp"]),
                helper.make_node("MatMulInteger", [base + "_Aq", base + "_Wq", base + "_Azp", base + "_Wzp"], [base + "_I"]),
                helper.make_node("Cast", [base + "_I"], [base + "_F"], to=TensorProto.FLOAT),
                helper.make_node("Mul", [base + "_As", base + "_Ws"], [base + "_S"]),
                helper.make_node("Mul", [base + "_F", base + "_S"], [node.output[0]]),
            ]
        elif node.op_type == "Gather" and node.input[0] in inits:
            t = numpy_helper.to_array(inits[node.input[0]]).astype(np.float32)
            lo, hi = float(t.min()), float(t.max())
            scale = max((hi - lo) / 255.0, 1e-8)
            zp = int(np.clip(round(-lo / scale), 0, 255))
            tq = np.clip(np.round(t / scale) + zp, 0, 255).astype(np.uint8)
            base = node.input[0].replace(".", "_")
            add_inits += [numpy_helper.from_array(tq, base + "_q"), numpy_helper.from_array(np.array(scale, np.float32), base + "_s"),
                          numpy_helper.from_array(np.array(zp, np.uint8), base + "_zp")]
            drop_inits.add(node.input[0])
            new_nodes += [
                helper.make_node("DequantizeLinear", [base + "_q", base + "_s", base + "_zp"], [base + "_deq"]),
                helper.make_node("Gather", [base + "_deq", node.input[1]], list(node.output), **{a.name: helper.get_attribute_value(a) for a in node.attribute}),
            ]
        else:
            new_nodes.append(node)
    kept = [i for i in g.initializer if i.name not in drop_inits]
    del g.initializer[:]
    g.initializer.extend(kept + add_inits)
    del g.node[:]
    g.node.extend(new_nodes)
    onnx.checker.check_model(m)
    onnx.save(m, dst)
    print(f"quantized: {dst}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
