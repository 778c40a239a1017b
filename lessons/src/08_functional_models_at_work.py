# %% [markdown] key="md-ffdd6e"
# # Lesson 8 — Functional models at work
#
# Lessons 1 to 7 built functional models. This one does what people do with
# them next: look inside a trained model, reuse it for a new task, save and
# load it, combine several models into one, and know when a model should
# not be functional at all.
#
# By the end of this lesson you will be able to:
#
# 1. get the output of any layer of a trained model, for every call of a
#    shared layer and for layers inside nested models, with
#    `funclab.feature_model`, and say why the usual recipe gets it wrong;
# 2. freeze a trained model, train a new head on it with little data, and
#    fine-tune its top layers;
# 3. save a model to a `.keras` file and load it back, shared layers and
#    custom layers included;
# 4. average several trained models in one functional model;
# 5. say when a subclassed `Model` is the better tool, what you lose with
#    it, and how to mix the two;
# 6. write a residual block with batch normalisation as a function, and
#    build a small ResNet with it.
#
# Everything trains on the UCI 8×8 handwritten digits that ship with
# funclab (resized to 16×16 for the convolutional models).
#
# **Sources.** The Keras 3
# [functional API guide](https://keras.io/guides/functional_api/) ("Use the
# same graph of layers to define multiple models", "All models are callable,
# just like layers", "Extending the API using custom layers", "When to use
# the functional API"), the Keras guides on
# [transfer learning](https://keras.io/guides/transfer_learning/) and
# [serialization and saving](https://keras.io/guides/serialization_and_saving/),
# the recipe for intermediate outputs in
# [the Keras FAQ](https://keras.io/getting_started/faq/#how-can-i-obtain-the-output-of-an-intermediate-layer-feature-extraction),
# and chapters 8 and 9 of
# François Chollet's *Deep Learning with Python* (second edition: pretrained
# models, feature extraction and fine-tuning, residual blocks with batch
# normalisation).
#
# > **Check cells.** A cell that calls `funclab.claim(...)` checks a claim
# > the text makes and prints it with a ✓. Its bound leaves room for the
# > small differences between machines; if you change the code above and a
# > check fails, it says which claim no longer holds and what this run got.

# %% [markdown] key="md-cf6313"
# ## Setup

# %%
import re
import tempfile
from pathlib import Path

import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers

import funclab
from funclab.data import load_digits

funclab.seed_everything(0)
digits = load_digits(size=16)
print(digits)

# %% [markdown] key="md-339574"
# ## 1. Intermediate outputs
#
# A small CNN, trained for four epochs on the first 1,000 training digits
# (the other 348 are kept for section 2):

# %%
def digit_cnn(name):
    """Two convolution/pooling stages, a 64-unit feature layer and a digit classifier."""
    image = keras.Input(shape=(16, 16, 1), name="image")
    x = layers.Conv2D(16, 3, activation="relu", padding="same", name="conv1")(image)
    x = layers.MaxPooling2D(2, name="pool1")(x)
    x = layers.Conv2D(32, 3, activation="relu", padding="same", name="conv2")(x)
    x = layers.MaxPooling2D(2, name="pool2")(x)
    x = layers.Dense(64, activation="relu", name="features")(layers.Flatten(name="flatten")(x))
    return keras.Model(image, layers.Dense(10, activation="softmax", name="digit")(x), name=name)


cnn = digit_cnn("cnn")
cnn.compile(optimizer=keras.optimizers.Adam(3e-3), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
history = cnn.fit(digits.x_train[:1000], digits.y_train[:1000], epochs=4, batch_size=32, verbose=0)

# %% tags=["trained"]
_, cnn_accuracy = cnn.evaluate(digits.x_test, digits.y_test, verbose=0)
funclab.claim("CNN test accuracy", cnn_accuracy, above=0.8, baseline=0.10)

# %% [markdown] key="md-49f5e4"
# `funclab.feature_model(model, target)` returns a model with `model`'s
# inputs and the target layer's output. It shares the trained layers, so it
# shows what the trained network computes there: `conv1`'s 16 feature maps
# for one test digit.

# %%
maps_model = funclab.feature_model(cnn, "conv1")
maps = maps_model.predict(digits.x_test[:1], verbose=0)
fig, axes = plt.subplots(2, 9, figsize=(9, 2.3))
axes[0, 0].imshow(digits.x_test[0, :, :, 0], cmap="gray_r")
axes[0, 0].set_title(f"digit {digits.y_test[0]}", fontsize=8)
for index, ax in enumerate(axes.flat[1:17]):
    ax.imshow(maps[0, :, :, index], cmap="viridis")
for ax in axes.flat:
    ax.axis("off")
plt.show()

# %% [markdown] key="md-fe8d61"
# ### The usual recipe, and a shared layer
#
# The Keras FAQ gets every layer's output with
# `keras.Model(model.inputs, [layer.output for layer in model.layers])`.
# That is right for a model like `cnn`, where each layer is called once. Here
# is a model with a shared layer: one convolution (`shared_conv`) reads two
# digits, and the model compares their pooled features.

# %%
shared_conv = layers.Conv2D(8, 3, activation="relu", name="shared_conv")
first = keras.Input(shape=(16, 16, 1), name="first")
second = keras.Input(shape=(16, 16, 1), name="second")
gap = layers.GlobalAveragePooling2D(name="pool")
difference = layers.subtract([gap(shared_conv(first)), gap(shared_conv(second))], name="difference")
pair = keras.Model([first, second], layers.Dense(1, activation="sigmoid", name="same")(difference), name="pair")
funclab.graph(pair)

# %% [markdown] key="md-0c19fd"
# The recipe gives one output per *layer*, and for `shared_conv` that is
# `layer.output`, which in Keras 3 silently means its first call. Fed a 0
# and a 7, the recipe's `shared_conv` maps are the 0's; the 7's are nowhere
# among its outputs. `funclab.feature_model` names the call it wants:

# %%
recipe = keras.Model(pair.inputs, [layer.output for layer in pair.layers])
zero, seven = digits.x_test[digits.y_test == 0][:1], digits.x_test[digits.y_test == 7][:1]
outputs = dict(zip([layer.name for layer in pair.layers], recipe.predict([zero, seven], verbose=0)))
call_0, call_1 = funclab.feature_model(pair, ("shared_conv", 0), ("shared_conv", 1)).predict([zero, seven], verbose=0)
print("recipe's shared_conv output is call 0 (the 0):", np.array_equal(outputs["shared_conv"], call_0))
print("call 1 (the 7) differs from call 0:        ", not np.allclose(call_0, call_1))
print("call 1 is shared_conv applied to the 7:     ", np.allclose(call_1, shared_conv(seven), atol=1e-6))

# %% [markdown] key="md-50a2a8"
# Asked without a call index, `feature_model` does not guess:

# %%
try:
    funclab.feature_model(pair, "shared_conv")
except ValueError as error:
    print(f"ValueError: {error}")

# %% [markdown] key="md-feadfb"
# ### A layer inside a nested model
#
# Now the convolution sits inside a nested model, `tower`, which the pair
# model calls twice (lesson 7). The tower's layers belong to the tower's own
# graph: `tower.get_layer("conv").output` is a tensor of that graph, which
# the pair model's inputs cannot reach, and Keras says so.

# %%
digit = keras.Input(shape=(16, 16, 1), name="digit")
tower_conv = layers.Conv2D(8, 3, activation="relu", name="conv")
tower = keras.Model(digit, layers.GlobalAveragePooling2D(name="gap")(tower_conv(digit)), name="tower")
a = keras.Input(shape=(16, 16, 1), name="a")
b = keras.Input(shape=(16, 16, 1), name="b")
nested_pair = keras.Model(
    [a, b], layers.Dense(1, activation="sigmoid", name="same")(layers.subtract([tower(a), tower(b)])), name="nested_pair"
)
try:
    keras.Model(nested_pair.inputs, tower.get_layer("conv").output)
except ValueError as error:
    print(f"ValueError: {error}")

# %% [markdown] key="md-d59e3e"
# (In Keras' message, the empty path between the backticks is its name for
# the model's single output.) `funclab.feature_model` takes a path of
# another kind: it names the layer inside the nested model, and the call
# index picks the nested model's call: `("tower/conv", 1)` is `conv`'s
# output on the second branch. The result equals `conv` applied to the
# second image by hand:

# %%
inner = funclab.feature_model(nested_pair, ("tower/conv", 1))
on_b = inner.predict([zero, seven], verbose=0)
print("output shape:", on_b.shape)
print("equals conv applied to b by hand:", np.allclose(on_b, tower_conv(seven), atol=1e-6))

# %% [markdown] key="md-cdd356"
# (This is also what Grad-CAM needs. Grad-CAM draws a heat map of the pixels
# that drove a prediction, computed from an inner convolution's output; for
# a classifier built on a nested base model it needs one model that outputs
# that convolution and the prediction,
# `funclab.feature_model(model, "base/last_conv", "predictions")`.)
#
# ## 2. Reusing a trained model
#
# A network trained on one task has learned features that help with a
# related one. The CNN of section 1 learned which digit an image shows, from
# 1,000 labelled digits. The new task: is the digit odd or even, learned from
# only 40 labelled examples (taken from the 348 digits the CNN never saw).
# Guessing gives 0.5.

# %%
x_small, y_small = digits.x_train[1000:1040], digits.y_train[1000:1040] % 2
x_parity_test, y_parity_test = digits.x_test, digits.y_test % 2
print(f"{len(x_small)} labelled examples ({int(y_small.sum())} odd), {len(x_parity_test)} test digits")

# %% [markdown] key="md-e49dab"
# The trained CNN up to its `features` layer is the reusable part, the
# *base*: a model that ends inside another, as in lesson 1. Freeze it
# (`base.trainable = False`: its weights no longer change) and put a new
# head on it; calling the base as a layer gives the new model its features.

# %%
base = funclab.feature_model(cnn, "features", name="base")
base.trainable = False
inputs = keras.Input(shape=(16, 16, 1), name="image")
transfer = keras.Model(inputs, layers.Dense(1, activation="sigmoid", name="odd")(base(inputs)), name="transfer")


def parameter_counts(model):
    trainable = sum(int(np.prod(w.shape)) for w in model.trainable_weights)
    return trainable, model.count_params() - trainable


print("frozen base: %d trainable, %d frozen parameters" % parameter_counts(transfer))
base.trainable = True
print("base unfrozen: %d trainable, %d frozen" % parameter_counts(transfer))
base.trainable = False

# %% [markdown] key="md-23d9dd"
# Only the head's 65 parameters (64 weights and a bias) train. The
# comparison is the same architecture, all 37,697 parameters, trained from
# scratch on the same 40 examples with the same optimizer and epochs:

# %%
funclab.seed_everything(1)
transfer.compile(optimizer=keras.optimizers.Adam(1e-2), loss="binary_crossentropy", metrics=["accuracy"])
history = transfer.fit(x_small, y_small, epochs=30, batch_size=8, verbose=0)

funclab.seed_everything(1)
fresh = funclab.feature_model(digit_cnn("fresh"), "features")
scratch = keras.Model(fresh.inputs, layers.Dense(1, activation="sigmoid")(fresh.outputs[0]), name="scratch")
scratch.compile(optimizer=keras.optimizers.Adam(1e-2), loss="binary_crossentropy", metrics=["accuracy"])
history = scratch.fit(x_small, y_small, epochs=30, batch_size=8, verbose=0)

# %% tags=["trained"]
_, transfer_accuracy = transfer.evaluate(x_parity_test, y_parity_test, verbose=0)
_, scratch_accuracy = scratch.evaluate(x_parity_test, y_parity_test, verbose=0)
print(f"frozen base + new head: {transfer_accuracy:.2f}   from scratch: {scratch_accuracy:.2f}   guessing: 0.50")
funclab.claim("frozen base + new head's accuracy", transfer_accuracy, above=0.75, baseline=0.5)
funclab.claim("from scratch's accuracy", scratch_accuracy, above=0.75, baseline=0.5)

# %% [markdown] key="md-61b6c0"
# Fine-tuning: unfreeze the top of the base (the `features` layer, the most
# task-specific layer of the base) and train a little more at a learning
# rate ten times lower, so the features adapt to the new task without being
# wrecked. A model must be compiled again after its `trainable` flags
# change.

# %%
base.trainable = True
for layer in base.layers:
    layer.trainable = layer.name == "features"
print("fine-tuning: %d trainable, %d frozen parameters" % parameter_counts(transfer))
transfer.compile(optimizer=keras.optimizers.Adam(1e-3), loss="binary_crossentropy", metrics=["accuracy"])
history = transfer.fit(x_small, y_small, epochs=10, batch_size=8, verbose=0)

# %% tags=["trained"]
_, tuned_accuracy = transfer.evaluate(x_parity_test, y_parity_test, verbose=0)
print(f"after fine-tuning: {tuned_accuracy:.2f} (frozen: {transfer_accuracy:.2f}, from scratch: {scratch_accuracy:.2f})")
funclab.claim("fine-tuned accuracy", tuned_accuracy, above=0.75, baseline=0.5)

# %% [markdown] key="md-69ca51"
# Read the three numbers together. The reused base learned the new task
# with 65 trainable parameters, the fine-tuned one by also training its top
# layer (the count printed above), and both are far above guessing. The network trained from scratch
# is about as good here: 8×8 digits are simple enough that 40 examples teach
# a small network their shapes. Reuse pays off in accuracy when the new
# task's examples are too few, or its inputs too rich, to learn good
# features from them, as with photographs and a network pretrained on
# millions of them (the Keras transfer-learning guide's example); the code is
# the same as here. With 40 examples the numbers also depend on which 40
# digits and which starting weights you get: change the seed and they move.
#
# > **Keras 2 → Keras 3.** `trainable` is read when the model is compiled,
# > as in Keras 2, so compile again after changing it. As in tf.keras since
# > TensorFlow 2.0 (but not the old standalone Keras 2): a frozen
# > `BatchNormalization` layer runs in inference mode, so its statistics
# > stay put. If you unfreeze a whole base that has batch normalisation,
# > call it as `base(inputs, training=False)`, as the Keras
# > transfer-learning guide does (this base has none).
#
# ## 3. Save and load
#
# `model.save("name.keras")` writes the architecture, the weights, the
# compile settings and the optimizer's state to one file;
# `keras.saving.load_model` reads it back (`compile=False` skips rebuilding
# the optimizer, which predicting does not need). The reloaded model
# predicts the same:

# %%
folder = Path(tempfile.mkdtemp())
cnn.save(folder / "cnn.keras")
reloaded = keras.saving.load_model(folder / "cnn.keras", compile=False)
original_outputs = keras.ops.convert_to_numpy(cnn(digits.x_test))
reloaded_outputs = keras.ops.convert_to_numpy(reloaded(digits.x_test))
print("same predictions:", np.array_equal(original_outputs, reloaded_outputs))

# %% [markdown] key="md-354415"
# A shared layer survives the round trip as one layer with its calls: the
# reloaded pair model's `shared_conv` still has two nodes, one per branch.

# %%
pair.save(folder / "pair.keras")
pair_again = keras.saving.load_model(folder / "pair.keras")
funclab.nodes(pair_again.get_layer("shared_conv"), models=pair_again)

# %% [markdown] key="md-49ccfa"
# A custom layer needs a registered name, so that loading knows which class
# to build, and a config holding its constructor's arguments. Keras 3 writes
# that config for you when the arguments are plain values such as numbers
# and strings; write `get_config` yourself when they are not. (`Scale` below
# writes one anyway, to be explicit.) Without the registration, loading
# fails (the error is long; here is the sentence that matters):

# %%
class Scale(layers.Layer):
    """Multiplies its input by a fixed factor."""

    def __init__(self, factor, **kwargs):
        super().__init__(**kwargs)
        self.factor = factor

    def call(self, x):
        return x * self.factor

    def get_config(self):
        return {**super().get_config(), "factor": self.factor}


pixels = keras.Input(shape=(64,))
scaled = keras.Model(pixels, Scale(0.5, name="half")(pixels), name="scaled")
scaled.save(folder / "scaled.keras")
try:
    keras.saving.load_model(folder / "scaled.keras")
except TypeError as error:
    print("TypeError: ...", re.search(r"Could not locate class '\w+'\.", str(error)).group())

# %% [markdown] key="md-e7db73"
# Registering the class (or passing `custom_objects={"Scale": Scale}` to
# `load_model`) fixes it. (The next cell registers a subclass of `Scale`,
# only so that the unregistered `Scale` above keeps failing when this
# notebook is rerun; in your own code, put the decorator on the class
# itself.)

# %%
@keras.saving.register_keras_serializable(package="lesson8")
class RegisteredScale(Scale):
    pass


scaled = keras.Model(pixels, RegisteredScale(0.5, name="half")(pixels), name="scaled")
scaled.save(folder / "scaled.keras")
loaded = keras.saving.load_model(folder / "scaled.keras")
print(type(loaded.get_layer("half")).__name__, "factor", loaded.get_layer("half").factor)

# %% [markdown] key="md-1c9fe7"
# ## 4. An ensemble in one model
#
# Three small classifiers work on the digits brought back to 8×8 (every
# other pixel of the 16×16 images: `[:, ::2, ::2, 0]` below) and flattened to
# 64 numbers. Each is trained briefly, from different starting weights, so
# the three make different mistakes. A functional model that calls all three
# on one input and averages their probabilities is a model of its own: one
# `predict`, one file to save. Averaging also helps: the ensemble's
# accuracy is above the mean of the members' accuracies (the check below).
# These members are far weaker than the CNN of section 1, since they see 64
# pixels and train briefly, so the printout's figures are lower.

# %%
# every other pixel: 16×16 → 8×8, flattened to 64 numbers
x_flat_train = digits.x_train[:, ::2, ::2, 0].reshape(-1, 64)
x_flat_test = digits.x_test[:, ::2, ::2, 0].reshape(-1, 64)


def member(seed):
    keras.utils.set_random_seed(seed)
    pixels = keras.Input(shape=(64,))
    hidden = layers.Dense(32, activation="relu")(pixels)
    return keras.Model(pixels, layers.Dense(10, activation="softmax")(hidden), name=f"member_{seed}")


members = [member(seed) for seed in (1, 2, 3)]
for model in members:
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_flat_train, digits.y_train, epochs=4, batch_size=64, verbose=0)

pixels = keras.Input(shape=(64,), name="pixels")
ensemble = keras.Model(pixels, layers.average([model(pixels) for model in members], name="mean"), name="ensemble")
ensemble.compile(loss="sparse_categorical_crossentropy", metrics=["accuracy"])
funclab.graph(ensemble, rankdir="LR")

# %% tags=["trained"]
member_accuracy = [model.evaluate(x_flat_test, digits.y_test, verbose=0)[1] for model in members]
_, ensemble_accuracy = ensemble.evaluate(x_flat_test, digits.y_test, verbose=0)
print("members:", [round(a, 3) for a in member_accuracy], f"  ensemble: {ensemble_accuracy:.3f}")
funclab.claim("ensemble minus the members' mean accuracy", ensemble_accuracy - float(np.mean(member_accuracy)), above=0)

# %% [markdown] key="md-39d0a8"
# ## 5. When not to use the functional API
#
# A functional model is a fixed graph, built once from symbolic tensors. A
# model whose forward pass depends on Python values at call time, say a
# refinement step repeated as often as the caller asks, is written as a
# subclassed `keras.Model`, with the loop in `call`:

# %%
class Refine(keras.Model):
    """Applies the same residual step `steps` times, as many as the caller asks."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.step = layers.Dense(64, activation="tanh")
        self.classify = layers.Dense(10, activation="softmax")

    def call(self, x, steps=2):
        for _ in range(steps):
            x = x + self.step(x)
        return self.classify(x)


refine = Refine(name="refine")
print("two steps:", refine(x_flat_test[:2]).shape, "  five steps:", refine(x_flat_test[:2], steps=5).shape)

# %% [markdown] key="md-d06756"
# What you lose: Keras keeps no graph of a subclassed model's layers, so
# there is nothing to draw, no per-layer output shapes before it runs, no
# nodes to inspect and no inner layer to reach:

# %%
for what, attempt in [
    ("graph", lambda: funclab.graph(refine)),
    ("feature_model", lambda: funclab.feature_model(refine, "dense")),
]:
    try:
        attempt()
    except ValueError as error:
        print(f"{what}: {str(error)[:150]}...")

# %% [markdown] key="md-724e36"
# You can mix the two: a subclassed *layer* with a Python loop over a fixed
# number of steps (fixed when the layer is created) is one box in a
# functional model, which keeps its graph, its summary and its inspectors.

# %%
class RepeatedStep(layers.Layer):
    """A residual step applied `steps` times (fixed when the layer is made)."""

    def __init__(self, units, steps, **kwargs):
        super().__init__(**kwargs)
        self.steps = steps
        self.step = layers.Dense(units, activation="tanh")

    def call(self, x):
        for _ in range(self.steps):
            x = x + self.step(x)
        return x


pixels = keras.Input(shape=(64,), name="pixels")
mixed = keras.Model(pixels, layers.Dense(10, activation="softmax", name="digit")(RepeatedStep(64, 3, name="refine")(pixels)),
                    name="mixed")
funclab.graph(mixed, rankdir="LR")

# %% [markdown] key="md-3c2e74"
# ## 6. A residual block as a function
#
# Lesson 5's shortcuts, the way ResNets build them: two convolutions with
# batch normalisation, the shortcut projected by a 1×1 convolution when the
# shape changes, and a ReLU after the sum. A Python function that takes a
# tensor and returns a tensor makes a new block (new layers, new weights)
# each time it is called:

# %%
def residual_block(x, filters, *, strides=1):
    """conv → BN → ReLU → conv → BN, plus the input (projected when the shape changes), → ReLU."""
    y = layers.Conv2D(filters, 3, strides=strides, padding="same", use_bias=False)(x)
    y = layers.BatchNormalization(momentum=0.9)(y)
    y = layers.Activation("relu")(y)
    y = layers.Conv2D(filters, 3, padding="same", use_bias=False)(y)
    y = layers.BatchNormalization(momentum=0.9)(y)
    shortcut = x
    if strides != 1 or x.shape[-1] != filters:
        shortcut = layers.Conv2D(filters, 1, strides=strides, use_bias=False)(x)
        shortcut = layers.BatchNormalization(momentum=0.9)(shortcut)
    return layers.Activation("relu")(layers.add([y, shortcut]))


funclab.seed_everything(0)
image = keras.Input(shape=(16, 16, 1), name="image")
x = layers.Conv2D(16, 3, padding="same", activation="relu", name="stem")(image)
x = residual_block(x, 16)
x = residual_block(x, 32, strides=2)
x = layers.GlobalAveragePooling2D()(x)
resnet = keras.Model(image, layers.Dense(10, activation="softmax", name="digit")(x), name="small_resnet")
print(f"{resnet.count_params():,} parameters, {len(resnet.layers)} layers")
funclab.graph(resnet, show_shapes=False)

# %% [markdown] key="md-a1925f"
# The first block keeps 16 channels, so its shortcut is the input itself;
# the second halves the resolution and doubles the channels, so its
# shortcut is a projection. (`momentum=0.9` lets batch normalisation's
# running averages, which the model uses at test time, settle within the
# hundred or so steps of this short training; Keras' default, 0.99, needs more.)
# Trained for three epochs:

# %%
resnet.compile(optimizer=keras.optimizers.Adam(3e-3), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
history = resnet.fit(digits.x_train, digits.y_train, epochs=3, batch_size=32, verbose=0)

# %% tags=["trained"]
_, resnet_accuracy = resnet.evaluate(digits.x_test, digits.y_test, verbose=0)
funclab.claim("small ResNet's test accuracy", resnet_accuracy, above=0.8, baseline=0.10)

# %% [markdown] key="md-0dda73"
# ## Summary
#
# - `funclab.feature_model(model, target, ...)` gives any layer's output:
#   `"name"` for a layer called once, `("name", k)` for call k of a shared
#   layer, `"outer/inner"` for a layer inside a nested model (with the outer
#   model's call index). `[layer.output for layer in model.layers]` silently
#   returns call 0 of a shared layer and cannot reach a nested model's
#   layers at all.
# - Freeze a trained model with `trainable = False`, call it as a layer
#   under a new head, train the head; then unfreeze the top and fine-tune at
#   a low learning rate, compiling again. On these simple digits a network
#   trained from scratch on the same 40 examples did about as well; reuse
#   pays off in accuracy when features are hard to learn from few examples.
# - `model.save("….keras")` and `keras.saving.load_model` round-trip a
#   model, shared layers included; a custom layer needs a registration (or
#   `custom_objects`), and a `get_config` when its arguments are not plain
#   values.
# - Models are layers: an ensemble is a functional model that calls its
#   members on one input and averages them.
# - A forward pass that depends on Python values at call time is a
#   subclassed `Model`; it loses the graph, the shapes, the nodes and
#   `feature_model`. The functional model around a subclassed *layer* keeps
#   them; the layer itself is one opaque box.
# - A block-building function is the functional API's unit of reuse; lesson
#   5's shortcut with batch normalisation is the ResNet block.

# %% [markdown] key="md-5583b6"
# ## Exercises
#
# Replace each `...` with your answer and run the cell; the check says what
# differs, in your layer names. `funclab.exercise("08.1").hint()` gives a
# hint and `.solution()` a worked solution.
#
# ### Exercise 08.1 · An inner layer on the second branch
#
# The cell below builds a pair model whose nested `tower` is called on `a`
# and on `b`. With `funclab.feature_model`, build a model from the pair
# model's inputs whose output is the tower's `conv` layer on the second
# branch (`b`).

# %%
digit = keras.Input(shape=(16, 16, 1), name="digit")
x = layers.Conv2D(8, 3, activation="relu", name="conv")(digit)
tower = keras.Model(digit, layers.GlobalAveragePooling2D(name="gap")(x), name="tower")
a = keras.Input(shape=(16, 16, 1), name="a")
b = keras.Input(shape=(16, 16, 1), name="b")
difference = layers.subtract([tower(a), tower(b)])
pair = keras.Model([a, b], layers.Dense(1, activation="sigmoid", name="same")(difference), name="pair")
# BEGIN STARTER
model = ...  # your model here
# END STARTER
# BEGIN SOLUTION
model = funclab.feature_model(pair, ("tower/conv", 1))
# END SOLUTION
funclab.exercise("08.1").check(model)

# %% [markdown] key="md-2f7c2d"
# ### Exercise 08.2 · A small ResNet from a block function
#
# With `residual_block` from section 6, build a deeper ResNet than section
# 6's: a `keras.Input(shape=(16, 16, 1))`, a `Conv2D(16, 3, padding="same",
# activation="relu")`, three blocks (16 filters; 32 filters with
# `strides=2`; 64 filters with `strides=2`), a `GlobalAveragePooling2D` and
# `Dense(10, activation="softmax")`. Before you run it, work out the shape
# the third block outputs; `model.summary()` shows whether you were right.

# %%
# BEGIN STARTER
model = ...  # your model here
# END STARTER
# BEGIN SOLUTION
image = keras.Input(shape=(16, 16, 1))
x = layers.Conv2D(16, 3, padding="same", activation="relu")(image)
x = residual_block(x, 16)
x = residual_block(x, 32, strides=2)
x = residual_block(x, 64, strides=2)
x = layers.GlobalAveragePooling2D()(x)
model = keras.Model(image, layers.Dense(10, activation="softmax")(x))
# END SOLUTION
funclab.exercise("08.2").check(model)

# %% [markdown] key="md-cb9fe8"
# ### Exercise 08.3 · An ensemble in one model
#
# The cell below makes three new, untrained member models with section 4's
# `member` function. Build one model with one `keras.Input(shape=(64,))`
# that calls all three on it and averages their outputs.

# %%
members = [member(seed) for seed in (1, 2, 3)]
# BEGIN STARTER
model = ...  # your ensemble here
# END STARTER
# BEGIN SOLUTION
inputs = keras.Input(shape=(64,))
model = keras.Model(inputs, layers.average([member(inputs) for member in members]))
# END SOLUTION
funclab.exercise("08.3").check(model)

# %% [markdown] key="md-3d5c8e"
# ### Exercise 08.4 · What a frozen base leaves to train
#
# The cell below freezes a base (64 → 32 → 16) and puts a `Dense(10)` head
# on it. How many parameters will training change? Count them by hand, then
# give the number.

# %%
pixels = keras.Input(shape=(64,))
base = keras.Model(pixels, layers.Dense(16, activation="relu")(layers.Dense(32, activation="relu")(pixels)))
base.trainable = False
inputs = keras.Input(shape=(64,))
model = keras.Model(inputs, layers.Dense(10, activation="softmax")(base(inputs)))
# BEGIN STARTER
answer = ...  # an int
# END STARTER
# BEGIN SOLUTION
answer = 16 * 10 + 10  # the head's kernel and bias; the base is frozen
# END SOLUTION
funclab.exercise("08.4").check(answer)

# %% [markdown] key="md-8b5130"
# Your progress in this lesson (in this kernel):

# %%
funclab.progress("08")
