# %% [markdown] key="md-dc23f3"
# # Lesson 5 — Residual connections: a shortcut around a stack of layers
#
# A **residual connection** adds a block's input to its output:
# `y = x + f(x)`. The block only has to learn the *correction* `f(x)`, and the
# gradient has a direct path from the output back to `x`. Since ResNet (2015)
# almost every deep network has them; Xception, from lesson 4, has 12.
#
# By the end of this lesson you will be able to:
#
# 1. add an identity shortcut around a stack of convolutions;
# 2. add a projection shortcut (a 1×1 convolution) when the shapes differ, and
#    read Keras 3's error when you forget it;
# 3. show, with an experiment, why a deep stack with shortcuts trains where
#    the same stack without them barely does, and read a stack's gradients
#    layer by layer.
#
# **Sources.** Section 7.1.4 of François Chollet's
# [*Deep Learning with Python*](https://www.manning.com/books/deep-learning-with-python)
# (first edition; *케라스 창시자에게 배우는 딥러닝* in Korean): identity and
# projection shortcuts and why they help; and the residual connection of the
# Keras 2 functional API guide, in its 2017 Korean translation on CodeOnWeb
# (Park Jonghyun, "[시작하기] 함수형 API 가이드"; today's guide is at [keras.io/guides/functional_api](https://keras.io/guides/functional_api/)).
#
# > **Check cells.** A cell that calls `funclab.claim(...)` checks a claim
# > the text makes and prints it with a ✓. Its bound leaves room for the
# > small differences between machines; if you change the code above and a
# > check fails, it says which claim no longer holds and what this run got.

# %% [markdown] key="md-b074b6"
# ## Setup

# %%
import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from keras import layers

import funclab
from funclab.data import load_digits

funclab.seed_everything(0)

# %% [markdown] key="md-11c78b"
# ## The identity shortcut
#
# Three same-padded convolutions keep a 128×128×128 feature map the same
# shape, so the input can be added to their output as it is.

# %%
x = keras.Input(shape=(128, 128, 128), name="features")
y = layers.Conv2D(128, 3, activation="relu", padding="same", name="conv_1")(x)
y = layers.Conv2D(128, 3, activation="relu", padding="same", name="conv_2")(y)
y = layers.Conv2D(128, 3, activation="relu", padding="same", name="conv_3")(y)
y = layers.add([y, x], name="shortcut_add")
identity_block = keras.Model(x, y, name="identity_block")
print("output:", identity_block.output.shape)
funclab.graph(identity_block, rankdir="LR")

# %% [markdown] key="md-5bb242"
# `add` has no weights: the shortcut costs nothing.

# %% [markdown] key="md-5fb9f8"
# ## When the shapes differ: a projection shortcut
#
# Here the block ends with a 2×2 max pooling, so its output is 64×64×128 while
# its input is 128×128×128. Adding them fails:

# %%
x = keras.Input(shape=(128, 128, 128), name="features")
y = layers.Conv2D(128, 3, activation="relu", padding="same", name="conv_1")(x)
y = layers.Conv2D(128, 3, activation="relu", padding="same", name="conv_2")(y)
y = layers.MaxPooling2D(2, strides=2, name="pool")(y)
try:
    layers.add([y, x])
except ValueError as error:
    print(f"ValueError: {error}")

# %% [markdown] key="md-ed5937"
# (Keras 3 lists the shapes without the batch axis.) The fix is a *linear*
# transformation of the shortcut to the block's output shape: a 1×1
# convolution with stride 2 and no activation, a **projection**.

# %%
residual = layers.Conv2D(128, 1, strides=2, padding="same", name="projection")(x)
y = layers.add([y, residual], name="shortcut_add")
projection_block = keras.Model(x, y, name="projection_block")
print("output:", projection_block.output.shape)
print(f"the projection has {projection_block.get_layer('projection').count_params():,} parameters")
funclab.graph(projection_block, rankdir="LR", highlight=["projection"])

# %% [markdown] key="md-de180a"
# ## The guide's version
#
# The Keras guide adds a 3-channel convolution's output to a 256×256×3 image:

# %%
x = keras.Input(shape=(256, 256, 3))
y = layers.Conv2D(3, (3, 3), padding="same")(x)
z = layers.add([x, y])
print(x)
print(y)
print(z)

# %% [markdown] key="md-ae0e88"
# > **Keras 2 → Keras 3.** The guide printed these as TensorFlow graph tensors,
# > `<tf.Tensor 'add_1/add:0' shape=(None, 256, 256, 3) dtype=float32>`. In
# > Keras 3 the symbolic tensors of a functional model are backend-independent
# > `KerasTensor`s: a shape, a dtype and a name, no backend graph.

# %% [markdown] key="md-48b768"
# ## Why shortcuts help: an experiment
#
# Two networks for the 8×8 digits (64 pixels in, 10 classes out), identical
# except for the shortcuts: a first layer of 32 units, then **30** hidden
# layers of 32 units, then the classifier. In the residual version every
# hidden layer's output is added to its input.

# %%
digits = load_digits()
x_train = digits.x_train.reshape(len(digits.x_train), 64)
x_test = digits.x_test.reshape(len(digits.x_test), 64)
DEPTH, WIDTH = 30, 32


def deep_stack(*, residual, activation="tanh"):
    pixels = keras.Input(shape=(64,), name="pixels")
    h = layers.Dense(WIDTH, activation=activation, name="first")(pixels)
    for i in range(DEPTH):
        f = layers.Dense(WIDTH, activation=activation, name=f"hidden_{i + 1}")(h)
        h = layers.add([h, f], name=f"add_{i + 1}") if residual else f
    outputs = layers.Dense(10, activation="softmax", name="digit")(h)
    return keras.Model(pixels, outputs, name="residual" if residual else "plain")


print(f"parameters: plain {deep_stack(residual=False).count_params():,}, "
      f"residual {deep_stack(residual=True).count_params():,}")

# %% [markdown] key="md-401d3c"
# Same parameters: the shortcuts add none. First, the gradient each hidden
# layer's kernel receives at the start, on one batch, before any training:
# learning can only be as fast as these numbers let it be. The helper
# returns one norm per hidden layer, `hidden_1` (nearest the input) to
# `hidden_30`.


# %%
def gradient_norms(model):
    """The size of the loss's gradient for each hidden layer's kernel."""
    with tf.GradientTape() as tape:
        predictions = model(x_train[:256], training=True)
        loss = keras.ops.mean(keras.losses.sparse_categorical_crossentropy(digits.y_train[:256], predictions))
    hidden = [model.get_layer(f"hidden_{i + 1}").kernel for i in range(DEPTH)]
    # The norm in float64: in float32, squaring elements of about 1e-20 underflows and the norm comes out 0.
    return np.array([float(np.linalg.norm(g.numpy().astype("float64"))) for g in tape.gradient(loss, hidden)])


norms = {}
for activation in ("sigmoid", "relu", "tanh"):
    for residual in (False, True):
        funclab.seed_everything(0)
        norms[activation, residual] = gradient_norms(deep_stack(residual=residual, activation=activation))

# %% [markdown] key="md-56d0f6"
# ### Sigmoid: the gradient vanishes on its way down
#
# Printed for every fifth layer, from the output side (`hidden_30`) down to
# the input side (`hidden_1`):

# %% tags=["trained"]
shown = [30, 25, 20, 15, 10, 5, 1]
header = "layer          " + "".join(f"{f'hidden_{n}':>11s}" for n in shown)
print(header)
for residual in (False, True):
    row = norms["sigmoid", residual][[n - 1 for n in shown]]
    print(f"{'residual' if residual else 'plain':15s}" + "".join(f"{value:11.1e}" for value in row))

# %% [markdown] key="md-a5e1e4"
# In the plain stack the gradient shrinks by about three orders of magnitude
# every five layers and is all but gone at the bottom: a sigmoid's slope is
# at most 0.25, and the gradient is multiplied by one such slope (and a
# weight matrix) per layer it passes. The first layers cannot learn. With
# shortcuts the gradient reaches every layer at a similar size, within about
# a factor of ten: each `add` passes it straight down, around the layer.

# %% tags=["trained"]
fig, ax = plt.subplots(figsize=(7, 3.2))
layer_numbers = np.arange(1, DEPTH + 1)
ax.semilogy(layer_numbers, norms["sigmoid", False], "o-", label="plain")
ax.semilogy(layer_numbers, norms["sigmoid", True], "o-", label="residual")
ax.set_xlabel("hidden layer (1 = nearest the input)")
ax.set_ylabel("gradient norm at the start")
ax.set_title("Sigmoid stacks: the gradient each layer receives")
ax.legend()
plt.show()

# %% tags=["trained"]
funclab.claim("plain sigmoid: hidden_1's gradient / hidden_30's", norms["sigmoid", False][0] / norms["sigmoid", False][-1], below=1e-6)
funclab.claim("residual sigmoid: hidden_1's gradient / hidden_30's", norms["sigmoid", True][0] / norms["sigmoid", True][-1], above=0.01)
funclab.claim("residual sigmoid: largest / smallest gradient", norms["sigmoid", True].max() / norms["sigmoid", True].min(), below=20)

# %% [markdown] key="md-0d77c5"
# ### ReLU: tiny everywhere, and huge with shortcuts
#
# ReLU's slope is 1 where it is active, so the gradient should not vanish
# the way it does through sigmoids. Yet the plain ReLU stack's gradients are
# tiny at every layer, about equally tiny at the top and at the bottom:

# %% tags=["trained"]
print(header)
for residual in (False, True):
    row = norms["relu", residual][[n - 1 for n in shown]]
    print(f"relu {'residual' if residual else 'plain':10s}" + "".join(f"{value:11.1e}" for value in row))

# %% [markdown] key="md-f04203"
# The cause is the forward pass. With Keras' default initial weights, each
# ReLU layer passes on about half the variance it receives (it zeroes the
# negative half), so the signal fades as it goes up the 30 layers:

# %% tags=["trained"]
funclab.seed_everything(0)
plain_relu = deep_stack(residual=False, activation="relu")
probes = keras.Model(plain_relu.inputs, [plain_relu.get_layer(f"hidden_{n}").output for n in (1, 10, 20, 30)])
for n, values in zip((1, 10, 20, 30), probes.predict(x_train[:256], verbose=0)):
    print(f"hidden_{n:<2d} output: standard deviation {values.std():.1e}")

# %% [markdown] key="md-6ae207"
# The gradient of a layer's kernel is the product of what arrives from below
# (that fading signal) and what comes back from above (a gradient that fades
# the same way on its way down). Going up, the first factor shrinks and the
# second grows, so the product is about the same at every layer, and tiny.
# With shortcuts, every block adds its output to the signal that skips it,
# so nothing forces the gradients to fade; here they are huge at every
# layer (over 10⁴), largest near the top. Real ResNets keep the scale of the signal in
# check with batch normalisation (lesson 8 builds such a block).
#
# ### Tanh: the experiment's activation
#
# Tanh keeps both versions in a workable range at the start (Keras' default
# initialisation was designed for it), so we train with it. Even so, the
# plain stack's gradients are tens of times smaller than the residual
# stack's at every layer, the gap widest at the first layers:

# %% tags=["trained"]
print(header)
for residual in (False, True):
    row = norms["tanh", residual][[n - 1 for n in shown]]
    print(f"tanh {'residual' if residual else 'plain':10s}" + "".join(f"{value:11.1e}" for value in row))
funclab.claim("tanh: residual / plain gradient at hidden_1", norms["tanh", True][0] / norms["tanh", False][0], above=10)

# %% [markdown] key="md-38d305"
# Now train the two tanh stacks the same way (plain SGD, 10 epochs, the same
# seed) and watch the held-out accuracy.

# %%
histories = {}
for residual in (False, True):
    funclab.seed_everything(0)
    model = deep_stack(residual=residual)
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    histories[model.name] = model.fit(
        x_train, digits.y_train, epochs=10, batch_size=64, validation_data=(x_test, digits.y_test), verbose=0
    ).history

# %% tags=["trained"]
fig, (loss_ax, acc_ax) = plt.subplots(1, 2, figsize=(10, 3.4))
epochs = np.arange(1, 11)
for name, history in histories.items():
    loss_ax.plot(epochs, history["loss"], "o-", label=name)
    acc_ax.plot(epochs, history["val_accuracy"], "o-", label=name)
loss_ax.set(xlabel="epoch", ylabel="training loss", title="Training loss")
acc_ax.set(xlabel="epoch", ylabel="held-out accuracy", title="Held-out accuracy (guessing: 0.10)")
loss_ax.legend()
acc_ax.legend()
plt.show()

# %% tags=["trained"]
for name, history in histories.items():
    print(f"{name:8s} held-out accuracy after 10 epochs: {history['val_accuracy'][-1]:.2f}")
plain_accuracy = histories["plain"]["val_accuracy"][-1]
residual_accuracy = histories["residual"]["val_accuracy"][-1]
funclab.claim("residual stack's held-out accuracy", residual_accuracy, above=0.8, baseline=0.10)
funclab.claim("residual minus plain accuracy", residual_accuracy - plain_accuracy, above=0.3)

# %% [markdown] key="md-448cd9"
# Same layers, same weights to start from, same data: the residual stack
# reaches the accuracy above in ten epochs while the plain one is still far
# behind. Two reasons, from the book:
#
# - **Vanishing gradients.** A gradient passing down through many layers is
#   multiplied by each layer's slope and weights, and it can shrink to
#   almost nothing (the sigmoid stack above) or, as in the tanh stacks, stay
#   far smaller at every layer than with shortcuts. The shortcut gives it a
#   path that skips the layers.
# - **Representational bottlenecks.** In a plain stack, each layer only sees
#   what the previous one kept; anything lost is lost for good (a narrow
#   layer, or a ReLU that zeroes half of what it receives, throws away
#   information that later layers can never recover). With shortcuts,
#   earlier information is carried forward, and a block that has nothing
#   useful to add can pass its input on.
#
# Shortcuts matter once a network is deeper than about ten layers. Lesson 8
# builds the block real ResNets use, with batch normalisation, as a function
# you can call to stack as many as you need.

# %% [markdown] key="md-48e68a"
# ## Summary
#
# - A residual connection is `layers.add([block_output, block_input])`; it has
#   no weights.
# - `add` needs equal shapes. When a block changes the shape, project the
#   shortcut with a 1×1 convolution (stride 2 for a halved resolution), with
#   no activation. Keras 3 says `Inputs have incompatible shapes` otherwise.
# - At the start of training, a 30-layer plain sigmoid stack's gradient
#   shrinks layer by layer to almost nothing; a plain ReLU stack's is tiny
#   everywhere, because the signal fades on the way up; shortcuts carry the
#   gradient to every layer.
# - In an experiment on digits, the 30-layer tanh stack with shortcuts
#   learned the digits in ten epochs while the same stack without them
#   stayed far behind.

# %% [markdown] key="md-c3899c"
# ## Exercises
#
# Replace each `...` with your answer and run the cell; the check says what
# differs, in your layer names. `funclab.exercise("05.1").hint()` gives a
# hint and `.solution()` a worked solution.
#
# ### Exercise 05.1 · An identity shortcut
#
# On a `keras.Input(shape=(32, 32, 64))`, apply two `Conv2D(64, 3,
# activation="relu", padding="same")` layers, then add the block's input to
# their output with `layers.add([y, x])`.

# %%
# BEGIN STARTER
model = ...  # your model here
# END STARTER
# BEGIN SOLUTION
x = keras.Input(shape=(32, 32, 64))
y = layers.Conv2D(64, 3, activation="relu", padding="same")(x)
y = layers.Conv2D(64, 3, activation="relu", padding="same")(y)
y = layers.add([y, x])
model = keras.Model(x, y)
# END SOLUTION
funclab.exercise("05.1").check(model)

# %% [markdown] key="md-540707"
# ### Exercise 05.2 · A projection shortcut where the shape changes
#
# On a `keras.Input(shape=(32, 32, 64))`: two `Conv2D(128, 3,
# activation="relu", padding="same")` layers and a `MaxPooling2D(2)`, so the
# block ends at 16×16×128. Project the input with `Conv2D(128, 1,
# strides=2)` (no activation, and the default padding: unlike the lesson's
# projection, no `padding="same"`, which for a 1×1 kernel changes nothing)
# and add the two, block output first.

# %%
# BEGIN STARTER
model = ...  # your model here
# END STARTER
# BEGIN SOLUTION
x = keras.Input(shape=(32, 32, 64))
y = layers.Conv2D(128, 3, activation="relu", padding="same")(x)
y = layers.Conv2D(128, 3, activation="relu", padding="same")(y)
y = layers.MaxPooling2D(2)(y)
shortcut = layers.Conv2D(128, 1, strides=2)(x)
y = layers.add([y, shortcut])
model = keras.Model(x, y)
# END SOLUTION
funclab.exercise("05.2").check(model)

# %% [markdown] key="md-fa4237"
# ### Exercise 05.3 · What the projection costs
#
# How many parameters does the projection of exercise 05.2,
# `Conv2D(128, 1, strides=2)` on 64 channels, have? Work it out, then give the
# number.

# %%
# BEGIN STARTER
answer = ...  # an int
# END STARTER
# BEGIN SOLUTION
answer = 64 * 128 + 128
# END SOLUTION
funclab.exercise("05.3").check(answer)

# %% [markdown] key="md-437576"
# Your progress in this lesson (in this kernel):

# %%
funclab.progress("05")

# %% [markdown] key="md-ede2dc"
# **Next:** one layer called on several inputs (lesson 6).
