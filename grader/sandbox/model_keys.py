"""The keys of a Keras model's description: one definition for the sandbox's describer, which
writes them, and the architecture checks (and reference architectures), which read them.

Plain names only (no imports), so the sandbox can use it before anything else is loaded.
"""

from __future__ import annotations

# -- a layer ---------------------------------------------------------------------------------
CLASS = "class"  # the layer's class name: "LSTM", "Dense", ...
NAME = "name"
INPUTS = "inputs"  # names of the layers whose outputs feed this one (functional models)
ACTIVATION = "activation"  # what it applies ("tanh"; an activation-only layer's own: ReLU -> "relu")
INNER = "inner"  # a wrapped layer's description (Bidirectional, TimeDistributed)
OUTPUT_SHAPE = "output_shape"  # [None, ...]
PARAMS = "params"  # weights it holds (None before it is built)
SCALAR_ATTRIBUTES = ("units", "return_sequences", "merge_mode", "n", "filters", "rate", "padding")
WINDOW_ATTRIBUTES = ("kernel_size", "strides", "pool_size")  # convolution and pooling windows, as lists
# what the architecture check compares between two layers of the same class, in this order
COMPARED = ("units", "return_sequences", "merge_mode", ACTIVATION, "n", "filters", "kernel_size", "strides",
            "padding", "pool_size")

# -- the model -------------------------------------------------------------------------------
MODEL_CLASS = CLASS
LAYERS = "layers"  # the layer descriptions, input layers left out
TOTAL_PARAMS = "total_params"
BUILT = "built"
MODEL_OUTPUT_SHAPE = OUTPUT_SHAPE
INPUT_LAYERS = "input_layers"  # names of the model's input layers
INPUT_SHAPE = "input_shape"  # [None, ...] of a model with one input (an LSTM's [None, n_steps, n_features])
