# %% [markdown] key="md-8257e0"
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
# 2. explain, working out each branch's width, why the concatenation fails
#    without `padding="same"`;
# 3. pick the right concatenation axis (the channels are the *last* axis);
# 4. explain what a 1×1 convolution computes, and how Xception takes the
#    Inception idea to its extreme.
#
# **Sources.** Section 7.1.4 of François Chollet's
# [*Deep Learning with Python*](https://www.manning.com/books/deep-learning-with-python)
# (first edition; *케라스 창시자에게 배우는 딥러닝* in Korean): the
# Inception-V3-style module, 1×1 convolutions and Xception; and the Keras 2
# functional API guide's "inception module" example, in its 2017 Korean
# translation on CodeOnWeb (Park Jonghyun, "[시작하기] 함수형 API 가이드";
# today's guide:
# [keras.io/guides/functional_api](https://keras.io/guides/functional_api/)).

# %% [markdown] key="md-91aa35"
# ## Setup

# %%
import keras
import numpy as np
from keras import layers

import funclab

funclab.seed_everything(0)

# %% [markdown] key="md-f70aa7"
# ## An Inception-V3-style module
#
# Four branches on a 128×128×3 input. Each branch uses a different mix of 1×1
# and 3×3 convolutions or an average pooling, but every branch has exactly
# **one stride-2 step**, so all four halve the resolution to 64×64 and can be
# concatenated. Branch c takes that step first, in its pooling; branches b
# and d take it in their last layer; branch a's only layer is the step.
# `padding="same"` keeps every stride-1 layer at its input's size, and makes
# each stride-2 3×3 layer give exactly 64, where an unpadded one gives 63.
# Branch a's 1×1 stride-2 convolution needs no padding: a 1×1 window fits at
# every second pixel, 64 times.

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

# %% [markdown] key="md-edd337"
# Four branches of 128 channels each make 512 channels. In the picture the
# layers where each branch halves the resolution are highlighted:

# %%
funclab.graph(module, highlight=["a_1x1_s2", "b_3x3_s2", "c_pool_s2", "d_3x3_s2"])

# %% [markdown] key="md-f462bb"
# ## Without `padding="same"`
#
# The book's version of this module leaves out `padding="same"`. Without
# padding, a stride-1 3×3 convolution loses one pixel at each border (n − 2),
# and a stride-2 3×3 window gives (n − 3) // 2 + 1, not n / 2: 63 from 128,
# not 64. The branches no longer agree. Here is the same module as printed
# there:

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

# %% [markdown] key="md-8d5380"
# 64, 63, 61 and 62 pixels. Without padding, a k×k window with stride s fits
# (n − k) // s + 1 times along n pixels:
#
# - **a**: a 1×1 window with stride 2 needs no padding: (128 − 1) // 2 + 1 = 64;
# - **b**: the 1×1 convolution keeps 128, the stride-2 3×3 gives
#   (128 − 3) // 2 + 1 = 63;
# - **c**: the stride-2 3×3 pooling gives 63, then a stride-1 3×3 convolution
#   takes 2 pixels away: 61;
# - **d**: the stride-1 3×3 convolution takes 2 away first (126), then the
#   stride-2 one gives (126 − 3) // 2 + 1 = 62.
#
# Concatenating along channels needs the other axes to match:

# %%
try:
    layers.concatenate(list(unpadded.values()), axis=-1)
except ValueError as error:
    print(f"ValueError: {error}")

# %% [markdown] key="md-354680"
# The fix is the module above: `padding="same"` on every layer with a window
# wider than 1, so that each branch's single stride-2 step halves 128 to
# exactly 64.

# %% [markdown] key="md-cb7cfb"
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

# %% [markdown] key="md-18c77f"
# One version of the guide's code concatenates with `axis=1`:

# %%
wrong = layers.concatenate([tower_1, tower_2, tower_3], axis=1)
print("axis=1: ", wrong.shape)

# %% [markdown] key="md-38fb6f"
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

# %% [markdown] key="md-41de4b"
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

# %% [markdown] key="md-9b9294"
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

# %% [markdown] key="md-64235c"
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
funclab.claim("SeparableConv2D layers in Xception", kinds["SeparableConv2D"], equals=34)
funclab.claim("Conv2D layers in Xception", kinds["Conv2D"], equals=6)

# %% [markdown] key="md-fc8ded"
# 34 separable convolutions against 6 ordinary ones (the stem and the 1×1
# shortcuts). The 12 `Add` layers are residual connections: lesson 5.

# %% [markdown] key="md-8fb892"
# ## Summary
#
# - A functional model is a directed acyclic graph: branches split from one
#   tensor and `concatenate` merges them.
# - Branches merged along the channels must agree on every other axis; give
#   every layer with a window wider than 1 `padding="same"`, and let every
#   branch downsample by the same factor. Keras 3's error lists each input's
#   shape.
# - Channels are the *last* axis (`axis=-1`) in `channels_last` images;
#   `axis=1` silently stacks rows instead.
# - A 1×1 convolution is a `Dense` layer applied to every pixel; depthwise
#   separable convolutions split spatial and channel mixing completely, and
#   Xception is built from 34 of them.

# %% [markdown] key="md-7e0540"
# ## Exercises
#
# Replace each `...` with your answer and run the cell; the check says what
# differs, in your layer names. `funclab.exercise("04.1").hint()` gives a
# hint and `.solution()` a worked solution.
#
# ### Exercise 04.1 · Make the unpadded module concatenate
#
# Build the book's module for a smaller image so that its four branches
# concatenate: a `keras.Input(shape=(96, 96, 3))`, **32** filters in every
# convolution (ReLU, the book's kernel sizes and strides), `padding="same"`
# on every layer except branch a's 1×1 stride-2 convolution, and the
# branches a, b, c, d concatenated in that order on the channel axis. What
# shape do you expect the output to have?

# %%
# BEGIN STARTER
model = ...  # your model here
# END STARTER
# BEGIN SOLUTION
x = keras.Input(shape=(96, 96, 3))
branch_a = layers.Conv2D(32, 1, activation="relu", strides=2)(x)
branch_b = layers.Conv2D(32, 1, activation="relu", padding="same")(x)
branch_b = layers.Conv2D(32, 3, activation="relu", strides=2, padding="same")(branch_b)
branch_c = layers.AveragePooling2D(3, strides=2, padding="same")(x)
branch_c = layers.Conv2D(32, 3, activation="relu", padding="same")(branch_c)
branch_d = layers.Conv2D(32, 1, activation="relu", padding="same")(x)
branch_d = layers.Conv2D(32, 3, activation="relu", padding="same")(branch_d)
branch_d = layers.Conv2D(32, 3, activation="relu", strides=2, padding="same")(branch_d)
output = layers.concatenate([branch_a, branch_b, branch_c, branch_d], axis=-1)
model = keras.Model(x, output)
# END SOLUTION
funclab.exercise("04.1").check(model)

# %% [markdown] key="md-536068"
# ### Exercise 04.2 · A width without padding
#
# Without padding, what is the output shape of branch c (3×3 average pooling
# with stride 2, then a 3×3 convolution with 128 filters) on a 100×100×3
# image? Work it out, then give it as a tuple.

# %%
# BEGIN STARTER
answer = ...  # a tuple, like (None, 64, 64, 128)
# END STARTER
# BEGIN SOLUTION
answer = (None, 47, 47, 128)
# END SOLUTION
funclab.exercise("04.2").check(answer)

# %% [markdown] key="md-a1c3e4"
# ### Exercise 04.3 · Four towers, stacked on the channel axis
#
# GoogLeNet's Inception module has a fourth tower beside the guide's three:
# a single 1×1 convolution of the input. Build it as a model: on a
# `keras.Input(shape=(256, 256, 3))`, the guide's three towers as above, and
# `tower_4`, one `Conv2D(64, (1, 1), padding="same", activation="relu")` on
# the input; concatenate `tower_1`, `tower_2`, `tower_3`, `tower_4` in that
# order on the channel axis. The output should be 256×256×256.

# %%
# BEGIN STARTER
model = ...  # your model here
# END STARTER
# BEGIN SOLUTION
input_img = keras.Input(shape=(256, 256, 3))
tower_1 = layers.Conv2D(64, (1, 1), padding="same", activation="relu")(input_img)
tower_1 = layers.Conv2D(64, (3, 3), padding="same", activation="relu")(tower_1)
tower_2 = layers.Conv2D(64, (1, 1), padding="same", activation="relu")(input_img)
tower_2 = layers.Conv2D(64, (5, 5), padding="same", activation="relu")(tower_2)
tower_3 = layers.MaxPooling2D((3, 3), strides=(1, 1), padding="same")(input_img)
tower_3 = layers.Conv2D(64, (1, 1), padding="same", activation="relu")(tower_3)
tower_4 = layers.Conv2D(64, (1, 1), padding="same", activation="relu")(input_img)
model = keras.Model(input_img, layers.concatenate([tower_1, tower_2, tower_3, tower_4], axis=-1))
# END SOLUTION
funclab.exercise("04.3").check(model)

# %% [markdown] key="md-8e2ac1"
# ### Exercise 04.4 · What a separable convolution costs
#
# How many parameters does `SeparableConv2D(64, 3)` have on an input with 32
# channels? Count them by hand (depthwise, then pointwise, then biases).

# %%
# BEGIN STARTER
answer = ...  # an int
# END STARTER
# BEGIN SOLUTION
answer = 3 * 3 * 32 + 32 * 64 + 64
# END SOLUTION
funclab.exercise("04.4").check(answer)

# %% [markdown] key="md-f6b8a1"
# Your progress in this lesson (in this kernel):

# %%
funclab.progress("04")

# %% [markdown] key="md-b659a4"
# **Next:** residual connections (lesson 5).
