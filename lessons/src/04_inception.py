# %% [markdown]
# # Lesson 4 — Inception modules: parallel branches, one output
#
# A functional model can be any directed acyclic graph of layers: no layer's
# output may feed back into itself, but branches may split and merge freely.
# The **Inception** module, from the GoogLeNet family, is the classic example:
# several small networks look at the same input in parallel, and their outputs
# are stacked along the channel axis.
#
# By the end of this lesson you will be able to:
#
# 1. build an Inception-V3-style module whose four branches all end at the same
#    resolution, and read its graph;
# 2. say why branches need `padding="same"`, with each branch's width in hand,
#    when the concatenation fails;
# 3. pick the right concatenation axis (the channels are the *last* axis);
# 4. explain what a 1×1 convolution computes, and how Xception takes the
#    Inception idea to its extreme.

# %% [markdown]
# ## Setup

# %%
import keras
import numpy as np
from keras import layers

import funclab

funclab.seed_everything(0)

# %% [markdown]
# ## An Inception-V3-style module
#
# Four branches on a 128×128×3 input. Each branch may use a different mix of
# 1×1 and 3×3 convolutions or an average pooling, but every branch **ends with
# stride 2**, so all four halve the resolution to 64×64 and can be
# concatenated. `padding="same"` keeps every stride-1 layer at its input's size.

# %%
x = keras.Input(shape=(128, 128, 3), name="image")

branch_a = layers.Conv2D(128, 1, activation="relu", strides=2, name="a_1x1_s2")(x)

branch_b = layers.Conv2D(128, 1, activation="relu", padding="same", name="b_1x1")(x)
branch_b = layers.Conv2D(128, 3, activation="relu", strides=2, padding="same", name="b_3x3_s2")(branch_b)

branch_c = layers.AveragePooling2D(3, strides=2, padding="same", name="c_pool_s2")(x)
branch_c = layers.Conv2D(128, 3, activation="relu", padding="same", name="c_3x3")(branch_c)

branch_d = layers.Conv2D(128, 1, activation="relu", padding="same", name="d_1x1")(x)
branch_d = layers.Conv2D(128, 3, activation="relu", padding="same", name="d_3x3")(branch_d)
branch_d = layers.Conv2D(128, 3, activation="relu", strides=2, padding="same", name="d_3x3_s2")(branch_d)

output = layers.concatenate([branch_a, branch_b, branch_c, branch_d], axis=-1, name="stack")
module = keras.Model(x, output, name="inception_v3_style")
print("output shape:", module.output.shape)

# %% [markdown]
# Four branches of 128 channels each make 512 channels. In the picture the
# layers where each branch halves the resolution are highlighted:

# %%
funclab.graph(module, highlight=["a_1x1_s2", "b_3x3_s2", "c_pool_s2", "d_3x3_s2"])

# %% [markdown]
# ## Without `padding="same"`
#
# The book's version of this module leaves out `padding="same"`. A 3×3
# convolution without padding loses one pixel at each border, so the branches
# no longer agree. Here is the same module as printed there:

# %%
x = keras.Input(shape=(128, 128, 3), name="image")
unpadded = {
    "a": layers.Conv2D(128, 1, activation="relu", strides=2)(x),
    "b": layers.Conv2D(128, 3, activation="relu", strides=2)(layers.Conv2D(128, 1, activation="relu")(x)),
    "c": layers.Conv2D(128, 3, activation="relu")(layers.AveragePooling2D(3, strides=2)(x)),
    "d": layers.Conv2D(128, 3, activation="relu", strides=2)(
        layers.Conv2D(128, 3, activation="relu")(layers.Conv2D(128, 1, activation="relu")(x))
    ),
}
for name, tensor in unpadded.items():
    print(f"branch {name}: {tensor.shape[1]} pixels wide, shape {tensor.shape}")

# %% [markdown]
# 64, 63, 61 and 62 pixels: a stride-2 3×3 convolution of 128 pixels gives
# (128 − 3) // 2 + 1 = 63, and each unpadded 3×3 convolution takes away 2 more.
# Concatenating along channels needs the other axes to match:

# %%
try:
    layers.concatenate(list(unpadded.values()), axis=-1)
except ValueError as error:
    print(f"ValueError: {error}")

# %% [markdown]
# The fix is the module above: `padding="same"` on every layer with stride 1,
# so that only the stride-2 step changes the size, in every branch alike.

# %% [markdown]
# ## The guide's tower module, and the axis pitfall
#
# The Keras guide builds a smaller module on a 256×256×3 input: three towers
# (1×1 → 3×3, 1×1 → 5×5, and 3×3 max pooling → 1×1), all `same`-padded and
# stride 1, so each outputs 256×256×64.

# %%
input_img = keras.Input(shape=(256, 256, 3), name="input_img")

tower_1 = layers.Conv2D(64, (1, 1), padding="same", activation="relu", name="t1_1x1")(input_img)
tower_1 = layers.Conv2D(64, (3, 3), padding="same", activation="relu", name="t1_3x3")(tower_1)

tower_2 = layers.Conv2D(64, (1, 1), padding="same", activation="relu", name="t2_1x1")(input_img)
tower_2 = layers.Conv2D(64, (5, 5), padding="same", activation="relu", name="t2_5x5")(tower_2)

tower_3 = layers.MaxPooling2D((3, 3), strides=(1, 1), padding="same", name="t3_pool")(input_img)
tower_3 = layers.Conv2D(64, (1, 1), padding="same", activation="relu", name="t3_1x1")(tower_3)

print(tower_1.shape, tower_2.shape, tower_3.shape)

# %% [markdown]
# One version of the guide's code concatenates with `axis=1`:

# %%
wrong = layers.concatenate([tower_1, tower_2, tower_3], axis=1)
print("axis=1: ", wrong.shape)

# %% [markdown]
# No error, and a wrong result: 768 *rows* of 256 pixels with 64 channels, the
# three feature maps stacked on top of each other. Axis 0 is the batch, 1 the
# height, 2 the width and 3 (the last, `-1`) the channels in Keras' default
# `channels_last` layout. Keras once defaulted to channels-first images,
# shaped (3, 256, 256), where axis 1 *was* the channels; with channels-last
# images the same code stacks rows. Stack on the channel axis:

# %%
towers = layers.concatenate([tower_1, tower_2, tower_3], axis=-1, name="towers")
print("axis=-1:", towers.shape)
tower_module = keras.Model(input_img, towers, name="tower_module")
funclab.graph(tower_module, rankdir="LR")

# %% [markdown]
# ## What a 1×1 convolution computes
#
# A 1×1 convolution looks at one pixel at a time and mixes its channels: it is
# the same `Dense` layer applied to every pixel's channel vector. Inception
# modules use it to combine channels cheaply (and to shrink them before a
# costly 3×3 or 5×5 convolution), which keeps *channel* mixing separate from
# *spatial* mixing. Checked numerically, with the same weights in both:

# %%
images = np.random.default_rng(0).normal(size=(2, 5, 5, 3)).astype("float32")
pointwise = layers.Conv2D(4, 1)
per_pixel_dense = layers.Dense(4)
conv_out = pointwise(images)
per_pixel_dense.build((None, 3))
kernel, bias = pointwise.get_weights()
per_pixel_dense.set_weights([kernel.reshape(3, 4), bias])
print("kernel shape:", kernel.shape, "→ as a Dense kernel:", kernel.reshape(3, 4).shape)
print("same outputs:", np.allclose(conv_out, per_pixel_dense(images), atol=1e-6))

# %% [markdown]
# ## Xception: Inception taken to the extreme
#
# If 1×1 convolutions handle the channels, why not separate the two kinds of
# mixing completely? A **depthwise separable** convolution does a 3×3
# convolution of each channel on its own (depthwise), then a 1×1 convolution
# across channels (pointwise). For 128 channels in and out:

# %%
feature_map = keras.Input(shape=(32, 32, 128))
full = layers.Conv2D(128, 3, padding="same")
separable = layers.SeparableConv2D(128, 3, padding="same")
full(feature_map), separable(feature_map)
print(f"Conv2D 3×3:          {full.count_params():,} parameters")
print(f"SeparableConv2D 3×3: {separable.count_params():,} parameters")

# %% [markdown]
# About an eighth of the parameters for the same output shape. **Xception**
# ("extreme Inception") is built almost entirely from these layers. Keras
# ships its architecture; `weights=None` builds it with random weights, so
# nothing is downloaded.

# %%
xception = keras.applications.Xception(weights=None, include_top=False)
kinds = {}
for layer in xception.layers:
    kinds[type(layer).__name__] = kinds.get(type(layer).__name__, 0) + 1
print(f"{len(xception.layers)} layers, {xception.count_params():,} parameters")
print("SeparableConv2D:", kinds["SeparableConv2D"], "  Conv2D:", kinds["Conv2D"], "  Add:", kinds["Add"])

# %%
assert kinds["SeparableConv2D"] == 34 and kinds["Conv2D"] == 6

# %% [markdown]
# 34 separable convolutions against 6 ordinary ones (the stem and the 1×1
# shortcuts). The 12 `Add` layers are residual connections: lesson 5.

# %% [markdown]
# ## Summary
#
# - A functional model is a directed acyclic graph: branches split from one
#   tensor and `concatenate` merges them.
# - Branches merged along the channels must agree on every other axis; give
#   stride-1 layers `padding="same"` and let every branch downsample by the
#   same factor. Keras 3's error lists each input's shape.
# - Channels are the *last* axis (`axis=-1`) in `channels_last` images;
#   `axis=1` silently stacks rows instead.
# - A 1×1 convolution is a `Dense` layer applied to every pixel; depthwise
#   separable convolutions split spatial and channel mixing completely, and
#   Xception is built from 34 of them.
#
# Next: residual connections (lesson 5).
