# %% [markdown] key="md-b06228"
# # Lesson 1 — Sequential vs functional: layers are functions on tensors
#
# A `Sequential` model is a stack: one input, one output, each layer feeding the
# next. Many useful networks are not stacks. They take several inputs, give
# several outputs, or branch and merge. The **functional API** builds all of
# them with one idea: *call a layer on a tensor and you get a tensor back*.
#
# By the end of this lesson you will be able to:
#
# 1. build a model by calling layers on tensors, and say what `keras.Input` is;
# 2. rebuild a `Sequential` model with the functional API and check that the two
#    are the same model;
# 3. compile, train and evaluate either kind with the same calls;
# 4. read the error Keras 3 gives when an output cannot be reached from the inputs;
# 5. build a model with two outputs, and a model that exposes an intermediate
#    layer's feature maps.
#
# The classifiers train on real handwritten digits (the UCI 8×8 set, which ships
# with funclab), so the numbers you see mean something; the two-output example
# in section 6 learns two formulas from generated numbers.
#
# **Sources.** This lesson follows section 7.1.1 of François Chollet's
# [*Deep Learning with Python*](https://www.manning.com/books/deep-learning-with-python)
# (first edition; section 7.1 is "Going beyond the Sequential model: the
# Keras functional API"; its Korean translation is *케라스 창시자에게 배우는
# 딥러닝*), the first example of the Keras
# [functional API guide](https://keras.io/guides/functional_api/), and the
# Korean blog post "[혼공머신러닝] Ch 8. 이미지를 위한 인공 신경망" on
# [yhp2205.github.io](https://yhp2205.github.io), which builds the
# Fashion-MNIST CNN of *혼자 공부하는 머신러닝+딥러닝*, chapter 8, with the
# functional API: the source of the CNN, the branched network and the feature
# maps.

# %% [markdown] key="md-c7f5da"
# ## Setup
#
# `funclab.seed_everything` seeds Python, NumPy and Keras and makes
# TensorFlow's operations deterministic, so every run of this notebook on your
# machine gives the same weights and the same results. (Another machine may
# differ in the last digit of a trained figure: the order in which a CPU adds
# up floats depends on its instruction set and its number of cores.)
#
# > **Check cells.** A cell that calls `funclab.claim(...)` checks a claim the
# > text makes and prints it with a ✓: a line like
# > `✓ test accuracy 0.9… > 0.85  (baseline 0.10)`. The first figure is what
# > this run got; the bound (0.85) leaves room for the small differences
# > between machines. The figure in brackets is the baseline: what guessing,
# > or a broken model, would give. If you change the code above a check cell
# > and it fails, it tells you which claim no longer holds and what this run
# > got.

# %%
import warnings

import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers

import funclab
from funclab.data import load_digits

funclab.seed_everything(0)
print("Keras", keras.__version__, "on", keras.backend.backend())

# %% [markdown] key="md-a88652"
# ## 1. A layer is a function on tensors
#
# `keras.Input` does not hold data. It is a *symbolic* tensor: a placeholder
# that knows its shape and dtype. Keras puts a `None` in front of the shape
# you give: the batch size, left open.

# %%
input_tensor = keras.Input(shape=(32,))
input_tensor

# %% [markdown] key="md-444f84"
# A layer object is a function waiting for an input. Calling it on a symbolic
# tensor returns a new symbolic tensor, and Keras records the call.

# %%
dense = layers.Dense(32, activation="relu")
output_tensor = dense(input_tensor)
print("in: ", input_tensor.shape)
print("out:", output_tensor.shape)

# %% [markdown] key="md-53f935"
# Chaining such calls from an `Input` to some output describes a computation.
# `keras.Model(inputs, outputs)` turns that description into a model.

# %% [markdown] key="md-a435fc"
# ## 2. The same model, built two ways
#
# Here is a small classifier, 64 → 32 → 32 → 10, first as a `Sequential` stack.
# In Keras 3 the input shape is given by putting a `keras.Input` first.

# %%
seq_model = keras.Sequential(
    [
        keras.Input(shape=(64,)),
        layers.Dense(32, activation="relu"),
        layers.Dense(32, activation="relu"),
        layers.Dense(10, activation="softmax"),
    ],
    name="sequential_mlp",
)
seq_model.summary()

# %% [markdown] key="md-08b336"
# And the same architecture with the functional API: each line calls a layer on
# the previous tensor, and the model is defined by where it starts and ends.

# %%
inputs = keras.Input(shape=(64,), name="pixels")
x = layers.Dense(32, activation="relu")(inputs)
x = layers.Dense(32, activation="relu")(x)
outputs = layers.Dense(10, activation="softmax")(x)
func_model = keras.Model(inputs, outputs, name="functional_mlp")
func_model.summary()

# %% [markdown] key="md-561fc2"
# Both have 3,466 parameters: 64·32 + 32 = 2,080, then 32·32 + 32 = 1,056, then
# 32·10 + 10 = 330. The functional summary lists the `InputLayer` as a row of
# its own; it has no weights.
#
# A summary is a table; a functional model is a graph. `funclab.graph` draws
# it: one box per layer, one arrow per tensor, each box with its input and
# output shapes. Inputs are blue, outputs green.

# %%
func_graph = funclab.graph(func_model)
func_graph

# %% [markdown] key="md-7ee0e2"
# The picture carries a plain-text twin with the same facts. A screen reader
# or any text-only view (a terminal, a diff) shows it instead of the picture;
# `print` shows it here:

# %%
print(func_graph)

# %%
print("sequential:", seq_model.count_params())
print("functional:", func_model.count_params())

# %% [markdown] key="md-891ce4"
# > **Keras 2 → Keras 3.** The source material writes
# > `Dense(32, activation='relu', input_shape=(64,))`. Keras 3 still accepts it
# > but warns, and recommends a `keras.Input` as the first element instead:

# %%
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    keras.Sequential([layers.Dense(32, activation="relu", input_shape=(64,))])
for warning in caught:
    print(f"{warning.category.__name__}: {warning.message}")

# %% [markdown] key="md-4624f5"
# Same parameter count is not yet proof of the same model. The strongest check
# is to give the functional model the Sequential model's weights and compare
# what they compute on the same inputs.

# %%
digits = load_digits()  # 8×8 images: 64 pixels, exactly this model's input
x_train = digits.x_train.reshape(len(digits.x_train), 64)
x_test = digits.x_test.reshape(len(digits.x_test), 64)
y_train, y_test = digits.y_train, digits.y_test
print("train:", x_train.shape, "test:", x_test.shape)

func_model.set_weights(seq_model.get_weights())
same = np.allclose(seq_model.predict(x_test, verbose=0), func_model.predict(x_test, verbose=0))
print("same predictions with the same weights:", same)

# %% [markdown] key="md-c51e13"
# ## 3. Compile, fit, evaluate: the same calls for both
#
# A functional model *is* a `keras.Model`, so training works exactly as for a
# `Sequential` one. The labels are integers 0–9, so the loss is
# `sparse_categorical_crossentropy` (use `categorical_crossentropy` with one-hot
# labels). `fit` shuffles the training data every epoch; seeding right before
# each `fit` gives both models the same shuffles. Training prints nothing here
# (`verbose=0`); the results come next.

# %%
for model in (seq_model, func_model):
    keras.utils.set_random_seed(1)
    model.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_train, y_train, epochs=10, batch_size=32, verbose=0)

# %% [markdown] key="md-a6faff"
# The two models started from the same weights and saw the same batches, so
# they should end with the same weights. Guessing gives 10 % accuracy on ten
# balanced classes.

# %% tags=["trained"]
results = {}
for model in (seq_model, func_model):
    results[model.name] = model.evaluate(x_test, y_test, verbose=0)
    print(f"{model.name:15s} test loss {results[model.name][0]:.2f}  test accuracy {results[model.name][1]:.2f}")
same_weights = all(
    np.array_equal(a, b) for a, b in zip(seq_model.get_weights(), func_model.get_weights())
)
print("identical weights after training:", same_weights)

# %% tags=["trained"]
funclab.claim("identical weights after training", same_weights, equals=True)
funclab.claim("test accuracy", results["sequential_mlp"][1], above=0.85, baseline=0.10)

# %% [markdown] key="md-414d0e"
# ## 4. An output the inputs cannot reach
#
# A functional model is a graph from its inputs to its outputs. If an output was
# computed from some *other* input, Keras cannot compute it from the inputs you
# gave. Here `outputs` was computed from `inputs`, but we pass an unrelated
# `Input`. It has the same shape, 64 numbers, so the shape is not the problem;
# the connection is:

# %%
unrelated_input = keras.Input(shape=(64,), name="unrelated")
try:
    keras.Model(unrelated_input, outputs)
except ValueError as error:
    print(f"ValueError: {error}")

# %% [markdown] key="md-b4a6a7"
# > **Keras 2 → Keras 3.** Keras 2 (on TensorFlow 1, as in the source
# > material) said `Graph disconnected: cannot obtain value for tensor
# > Tensor("input_1:0", ...) at layer "..."`: it named the tensor of the
# > `Input` it could not reach. Keras 3 only says that the output (its
# > *path* in the outputs structure; empty here, because there is a single
# > output) is not connected.
#
# `funclab.check_connected(inputs, outputs)` walks back from the outputs and
# says what is wrong: which `Input` the output needs, the chain of layers from
# it, and which given input nothing uses.

# %%
try:
    funclab.check_connected(unrelated_input, outputs)
except funclab.GraphDisconnectedError as error:
    print(error)

# %% [markdown] key="md-fd46ba"
# The fix is what the message says: build the model from the input the output
# was computed from, `keras.Model(inputs, outputs)`, as we did above. For a
# connected graph the check returns quietly:

# %%
funclab.check_connected(inputs, outputs)
print("connected")

# %% [markdown] key="md-29b2ca"
# ## 5. A small CNN, both ways
#
# The same comparison for a convolutional network: two convolution/pooling
# stages, then a dense classifier with dropout. The digits are resized to
# 28×28 so the shapes match the Fashion-MNIST version of this network.

# %%
digits28 = load_digits(size=28)
print(digits28)


# %%
def sequential_cnn():
    return keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            layers.Conv2D(32, 3, activation="relu", padding="same"),
            layers.MaxPooling2D(2),
            layers.Conv2D(64, 3, activation="relu", padding="same"),
            layers.MaxPooling2D(2),
            layers.Flatten(),
            layers.Dense(100, activation="relu"),
            layers.Dropout(0.4),
            layers.Dense(10, activation="softmax"),
        ],
        name="sequential_cnn",
    )


seq_cnn = sequential_cnn()
seq_cnn.summary()

# %% [markdown] key="md-f0243d"
# The functional version names its layers, which will help us later when we
# look inside it.

# %%
image = keras.Input(shape=(28, 28, 1), name="image")
x = layers.Conv2D(32, 3, activation="relu", padding="same", name="conv1")(image)
x = layers.MaxPooling2D(2, name="pool1")(x)
x = layers.Conv2D(64, 3, activation="relu", padding="same", name="conv2")(x)
x = layers.MaxPooling2D(2, name="pool2")(x)
x = layers.Flatten(name="flatten")(x)
x = layers.Dense(100, activation="relu", name="hidden")(x)
x = layers.Dropout(0.4, name="dropout")(x)
digit = layers.Dense(10, activation="softmax", name="digit")(x)
func_cnn = keras.Model(image, digit, name="functional_cnn")
func_cnn.summary()

# %% [markdown] key="md-19f118"
# Its graph is a chain too, now with named boxes:

# %%
funclab.graph(func_cnn, rankdir="LR")

# %% [markdown] key="md-771c55"
# Apart from the `InputLayer` row and the names, the summaries match row for
# row. Checked in code rather than by eye:

# %%
def rows(model):
    return [
        (type(layer).__name__, layer.output.shape, layer.count_params())
        for layer in model.layers
        if not isinstance(layer, keras.layers.InputLayer)
    ]


print("same layers, shapes and parameter counts:", rows(seq_cnn) == rows(func_cnn))
print("parameters:", seq_cnn.count_params(), func_cnn.count_params())

# %% [markdown] key="md-7511f2"
# ### What `get_config()` records
#
# A model's config is what Keras saves to rebuild it. A `Sequential` config is
# an ordered list of layers: the order *is* the wiring. A functional config
# also lists the layers, and in addition says where each layer's inputs come
# from (`inbound_nodes`) and which layers are the model's inputs and outputs.

# %%
seq_config = seq_cnn.get_config()
func_config = func_cnn.get_config()
print("Sequential keys:", sorted(seq_config))
print("functional keys:", sorted(func_config))
print("input_layers: ", func_config["input_layers"])
print("output_layers:", func_config["output_layers"])

# %% [markdown] key="md-64d057"
# Each functional layer entry carries its inbound nodes. `conv2`'s input is the
# tensor made by call (node) 0 of `pool1`, output 0: the triple
# `[layer name, node index, tensor index]` that lesson 6 is about.

# %%
conv2_entry = next(entry for entry in func_config["layers"] if entry["name"] == "conv2")
print(conv2_entry["inbound_nodes"][0]["args"][0]["config"]["keras_history"])
# [0] is the InputLayer; [1] is the first Conv2D
print("'inbound_nodes' in a Sequential layer entry:", "inbound_nodes" in seq_config["layers"][1])

# %% [markdown] key="md-634b27"
# Train the functional CNN on the 28×28 digits. Two epochs take a few
# seconds on one CPU core.

# %%
func_cnn.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
cnn_history = func_cnn.fit(
    digits28.x_train,
    digits28.y_train,
    epochs=2,
    batch_size=32,
    validation_data=(digits28.x_test, digits28.y_test),
    verbose=0,
)

# %% tags=["trained"]
for epoch, accuracy in enumerate(cnn_history.history["val_accuracy"], start=1):
    print(f"epoch {epoch}: test accuracy {accuracy:.2f}")
funclab.claim("CNN test accuracy", cnn_history.history["val_accuracy"][-1], above=0.85, baseline=0.10)

# %% [markdown] key="md-477168"
# ## 6. One input, two outputs: a branched network
#
# A `Sequential` model cannot do this: the second hidden layer feeds an output
# `y1` *and* a further branch that ends in a second output `y2`.
#
# ```
# input (3) → Dense 10 → Dense 10 ──→ Dense 1 = y1
#                             └──→ Dense 10 → Dense 1 = y2
# ```

# %%
features = keras.Input(shape=(3,), name="features")
hidden_1 = layers.Dense(10, activation="relu", name="hidden_1")(features)
hidden_2 = layers.Dense(10, activation="relu", name="hidden_2")(hidden_1)
y1 = layers.Dense(1, name="y1")(hidden_2)
branch = layers.Dense(10, activation="relu", name="branch")(hidden_2)
y2 = layers.Dense(1, name="y2")(branch)
branched = keras.Model(features, [y1, y2], name="branched")
funclab.graph(branched)

# %% [markdown] key="md-24293f"
# `hidden_2` feeds two layers, and both `y1` and `y2` are outputs (green).
#
# Something for it to learn: two smooth functions of three numbers, from a
# seeded generator. Both targets are standardised, so always predicting the
# mean gives a mean squared error of 1.0: the baseline to beat.

# %%
rng = np.random.default_rng(0)
points = rng.uniform(-1, 1, size=(2000, 3)).astype("float32")
target_1 = points[:, 0] + 2 * points[:, 1] * points[:, 2]
target_2 = np.sin(3 * points[:, 0]) + points[:, 2] ** 2
target_1 = ((target_1 - target_1.mean()) / target_1.std()).astype("float32")
target_2 = ((target_2 - target_2.mean()) / target_2.std()).astype("float32")
train, test = slice(0, 1600), slice(1600, None)

# %% [markdown] key="md-ecfd6e"
# With two outputs, `fit` takes one target per output, and `compile` one loss
# per output (here the same `"mse"` for both, given as a dict keyed by the
# output layers' names). Lesson 3 is all about this.

# %% tags=["trained"]
branched.compile(optimizer="adam", loss={"y1": "mse", "y2": "mse"})
branched.fit(points[train], {"y1": target_1[train], "y2": target_2[train]}, epochs=20, batch_size=32, verbose=0)
results = branched.evaluate(points[test], {"y1": target_1[test], "y2": target_2[test]}, verbose=0, return_dict=True)
print({name: round(value, 2) for name, value in sorted(results.items())})

# %% [markdown] key="md-0326f2"
# The logged `loss` is the sum of the two heads' losses. Both heads beat the
# mean's error of 1.0 by far:

# %% tags=["trained"]
funclab.claim("y1's test error (MSE)", results["y1_loss"], below=0.5, baseline=1.0)
funclab.claim("y2's test error (MSE)", results["y2_loss"], below=0.5, baseline=1.0)

# %% [markdown] key="md-14f186"
# `predict` returns one array per output, in the order the outputs were given.

# %%
pred_1, pred_2 = branched.predict(points[:3], verbose=0)
print(pred_1.shape, pred_2.shape)

# %% [markdown] key="md-c5dbe5"
# ## 7. Looking inside: a model made from an intermediate layer
#
# Every layer output in a functional model is a tensor you can reach, so a new
# model can end anywhere inside an old one. This one shares `func_cnn`'s first
# convolution (and its trained weights) and outputs its 32 feature maps.

# %%
feature_model = keras.Model(func_cnn.inputs, func_cnn.get_layer("conv1").output, name="conv1_maps")
sample = digits28.x_test[:1]
maps = feature_model.predict(sample, verbose=0)
print("one image in:", sample.shape, "→ feature maps out:", maps.shape)

# %% [markdown] key="md-89d8e5"
# Its graph is the first two boxes of `func_cnn`'s graph above: the same
# `image` input and the same `conv1` layer object, now ending there.

# %%
funclab.graph(feature_model)

# %%
fig, axes = plt.subplots(3, 6, figsize=(9, 4.8))
axes[0, 0].imshow(sample[0, :, :, 0], cmap="gray_r")
axes[0, 0].set_title(f"input: {digits28.y_test[0]}")
for index, ax in enumerate(axes.flat[1:]):
    ax.imshow(maps[0, :, :, index], cmap="viridis")
    ax.set_title(f"map {index}", fontsize=8)
for ax in axes.flat:
    ax.axis("off")
fig.suptitle("conv1: what the first layer responds to")
plt.show()

# %% [markdown] key="md-12e17b"
# The figure shows the input and the first 17 of the 32 maps, each on its own
# colour scale. Most light up on the strokes, each with its own emphasis; a
# few respond to edges or to the background, and one or two stay dark for this
# image (ReLU outputs 0 wherever a filter finds nothing). The trick works for
# any layer: `feature_model` and `func_cnn` share the layer object, so
# training one changes what the other computes. (Lesson 8 shows what this recipe gets
# wrong for shared layers and nested models, and a helper that gets it right.)

# %% [markdown] key="md-2e34c5"
# ## Summary
#
# - The functional API treats a layer as a function: `y = layer(x)` on symbolic
#   tensors that start at `keras.Input`. `keras.Model(inputs, outputs)` turns the
#   recorded calls into a model.
# - A `Sequential` stack and its functional rewrite are the same model (3,466
#   parameters for the 64→32→32→10 classifier; the same predictions given the
#   same weights) and train with the same `compile` / `fit` / `evaluate`.
# - Keras 3 reports an output that the inputs cannot reach as
#   ``` Output with path `` is not connected to `inputs` ```; Keras 2 called it
#   "Graph disconnected".
# - A functional config records where each layer's inputs come from; a
#   `Sequential` config only records the order.
# - Graphs that are not stacks (two outputs, a model ending inside another) are
#   plain functional code.

# %% [markdown] key="md-155bfc"
# ## Exercises
#
# Each exercise is a task and a cell with a starter. Replace the `...` with
# your answer and run the cell: `funclab.exercise(...).check(...)` reads what
# you built and says at once whether it is what the task asks for, and if not,
# what differs, in your own layer names. `.hint()` gives a hint and
# `.solution()` one worked solution. Layer names the task does not fix are up
# to you.
#
# ### Exercise 01.1 · From Sequential to functional, with a second output
#
# Take the `Sequential` model with an input of 20 numbers,
# `Dense(16, activation="relu")`, `Dense(8, activation="relu")` and
# `Dense(1, activation="sigmoid")`. Build the same layers with the
# functional API, and add a second output: a `Dense(3, activation="softmax")`
# layer called on the output of the *first* hidden layer. The model's outputs
# are the `Dense(1)` output first, then the `Dense(3)` output.

# %%
# funclab.exercise("01.1").hint()  # a hint; .solution() shows one way
# BEGIN STARTER
model = ...  # your functional model here
# END STARTER
# BEGIN SOLUTION
inputs = keras.Input(shape=(20,))
hidden_1 = layers.Dense(16, activation="relu")(inputs)
hidden_2 = layers.Dense(8, activation="relu")(hidden_1)
main = layers.Dense(1, activation="sigmoid")(hidden_2)
aux = layers.Dense(3, activation="softmax")(hidden_1)
model = keras.Model(inputs, [main, aux])
# END SOLUTION
funclab.exercise("01.1").check(model)

# %% [markdown] key="md-fcebe5"
# ### Exercise 01.2 · The shape a Dense layer returns
#
# What is the shape of `layers.Dense(16)(keras.Input((8, 5)))`? Work it out
# first, then give it as a tuple (you may check your guess in code afterwards).

# %%
# BEGIN STARTER
answer = ...  # a tuple, like (None, 4)
# END STARTER
# BEGIN SOLUTION
answer = (None, 8, 16)
# END SOLUTION
funclab.exercise("01.2").check(answer)

# %% [markdown] key="md-62d742"
# ### Exercise 01.3 · A model that ends inside another
#
# Build a model that reuses the trained `func_cnn`: from its input to the
# output of its second convolution, `conv2` (the 64 feature maps of each
# image), as section 7 did for `conv1`.

# %%
# BEGIN STARTER
model = ...  # your model here
# END STARTER
# BEGIN SOLUTION
model = keras.Model(func_cnn.inputs, func_cnn.get_layer("conv2").output)
# END SOLUTION
funclab.exercise("01.3").check(model)

# %% [markdown] key="md-dcca8a"
# ### Exercise 01.4 · Which Input is missing?
#
# `keras.Model(first, out)` fails for the tensors below. Which `Input` does
# `out` need that was not given? Answer with its name.

# %%
first = keras.Input((4,), name="first")
second = keras.Input((4,), name="second")
out = layers.Dense(2)(layers.Dense(8)(second))
# BEGIN STARTER
answer = ...  # the Input's name, a string
# END STARTER
# BEGIN SOLUTION
answer = "second"
# END SOLUTION
funclab.exercise("01.4").check(answer)

# %% [markdown] key="md-44821b"
# Your progress in this lesson (in this kernel):

# %%
funclab.progress("01")

# %% [markdown] key="md-ee441f"
# **Next:** models with more than one *input* (lesson 2).
