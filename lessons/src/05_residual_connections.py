# %% [markdown]
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
#    the same stack without them barely does.

# %% [markdown]
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

# %% [markdown]
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

# %% [markdown]
# `add` has no weights: the shortcut costs nothing.

# %% [markdown]
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

# %% [markdown]
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

# %% [markdown]
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

# %% [markdown]
# > **Keras 2 → Keras 3.** The guide printed these as TensorFlow graph tensors,
# > `<tf.Tensor 'add_1/add:0' shape=(None, 256, 256, 3) dtype=float32>`. In
# > Keras 3 the symbolic tensors of a functional model are backend-independent
# > `KerasTensor`s: a shape, a dtype and a name, no backend graph.

# %% [markdown]
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

# %% [markdown]
# Same parameters: the shortcuts add none. First, the gradient each hidden
# layer receives at the start, on one batch, before any training. Learning can
# only be as fast as these numbers let it be.


# %% tags=["trained"]
def gradient_norms(model):
    """The size of the loss's gradient for each hidden layer's kernel."""
    with tf.GradientTape() as tape:
        predictions = model(x_train[:256], training=True)
        loss = keras.ops.mean(keras.losses.sparse_categorical_crossentropy(digits.y_train[:256], predictions))
    hidden = [model.get_layer(f"hidden_{i + 1}").kernel for i in range(DEPTH)]
    return np.array([float(tf.norm(g)) for g in tape.gradient(loss, hidden)])


norms = {}
for activation in ("relu", "tanh"):
    for residual in (False, True):
        funclab.seed_everything(0)
        norms[activation, residual] = gradient_norms(deep_stack(residual=residual, activation=activation))
        kind = "residual" if residual else "plain"
        first, last = norms[activation, residual][[0, -1]]
        print(f"{activation:4s} {kind:8s}: hidden_1 {first:9.2e}   hidden_30 {last:9.2e}")

# %% [markdown]
# - **ReLU, plain**: look at the exponent. The gradient has *vanished* on its
#   way down through 30 layers, and this network cannot learn at all.
# - **ReLU, residual**: the shortcuts carry the gradient, too well: each block
#   adds to a sum that grows with depth, and the gradients are huge. Real
#   ResNets keep the sums in check with batch normalisation.
# - **tanh** keeps both versions stable (its outputs stay between −1 and 1),
#   so we compare them with tanh. The residual version's early layers get
#   far larger gradients.

# %%
assert norms["relu", False][0] < 1e-4 < 1e3 < norms["relu", True][0]
assert norms["tanh", True][0] > 10 * norms["tanh", False][0]

# %% [markdown]
# The same comparison per layer, for tanh:

# %%
fig, ax = plt.subplots(figsize=(7, 3.2))
layer_numbers = np.arange(1, DEPTH + 1)
ax.semilogy(layer_numbers, norms["tanh", False], "o-", label="plain")
ax.semilogy(layer_numbers, norms["tanh", True], "o-", label="residual")
ax.set_xlabel("hidden layer (1 = nearest the input)")
ax.set_ylabel("gradient norm at the start")
ax.legend()
plt.show()

# %% [markdown]
# Now train both, the same way (plain SGD, 10 epochs, the same seed), and
# watch the held-out accuracy.

# %%
histories = {}
for residual in (False, True):
    funclab.seed_everything(0)
    model = deep_stack(residual=residual)
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    histories[model.name] = model.fit(
        x_train, digits.y_train, epochs=10, batch_size=64, validation_data=(x_test, digits.y_test), verbose=0
    ).history

# %%
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

# %%
plain_accuracy = histories["plain"]["val_accuracy"][-1]
residual_accuracy = histories["residual"]["val_accuracy"][-1]
assert residual_accuracy > 0.8, residual_accuracy
assert residual_accuracy > plain_accuracy + 0.3, (plain_accuracy, residual_accuracy)

# %% [markdown]
# Same layers, same weights to start from, same data: the residual stack
# learns the digits in a few epochs while the plain one is still far behind.
# Two reasons, from the book:
#
# - **Vanishing gradients.** A gradient passing down through many layers is
#   multiplied by each layer's derivative and shrinks (dramatically with ReLU
#   above). The shortcut gives it a path that skips the layers.
# - **Representational bottlenecks.** In a plain stack, each layer only sees
#   what the previous one kept; anything lost is lost for good. With
#   shortcuts, earlier information is carried forward, and a block that has
#   nothing useful to add can pass its input on.
#
# Shortcuts matter once a network is deeper than about ten layers.

# %% [markdown]
# ## Summary
#
# - A residual connection is `layers.add([block_output, block_input])`; it has
#   no weights.
# - `add` needs equal shapes. When a block changes the shape, project the
#   shortcut with a 1×1 convolution (stride 2 for a halved resolution), with
#   no activation. Keras 3 says `Inputs have incompatible shapes` otherwise.
# - In an experiment on digits, a 30-layer stack with shortcuts learned in a
#   few epochs and the same stack without them did not; the gradients at the
#   start show why.
#
# Next: one layer called on several inputs (lesson 6).
