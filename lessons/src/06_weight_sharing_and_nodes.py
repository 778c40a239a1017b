# %% [markdown] key="md-26d3a2"
# # Lesson 6 — Weight sharing and layer nodes
#
# A layer object is a function *with weights*. Call it twice and both calls use
# the same weights: one layer, two uses, one set of parameters learning from
# both. Each call on symbolic tensors (while a model is being built) also
# leaves a record, a **node**, numbered 0, 1, 2, ...
#
# By the end of this lesson you will be able to:
#
# 1. share a layer between two branches, and prove that it is one set of
#    weights trained by both;
# 2. say what a layer's nodes are and inspect each call's input, output and
#    shapes with `funclab.nodes`;
# 3. explain why `layer.output` is ambiguous for a layer called twice, what
#    Keras 2 did about it and what Keras 3 does (it stays silent), and use
#    `funclab`'s replacements for the accessors Keras 3 removed;
# 4. explore a model's calls in its picture with `funclab.explore`.
#
# **Sources.** Section 7.1.5 of François Chollet's
# [*Deep Learning with Python*](https://www.manning.com/books/deep-learning-with-python)
# (first edition; *케라스 창시자에게 배우는 딥러닝* in Korean): a shared LSTM;
# and the Keras 2 functional API guide's "shared layers" and "the concept of
# layer node" sections, in their Korean translations (Park Jonghyun's on
# CodeOnWeb, 2017, "[시작하기] 함수형 API 가이드", and a notebook on shared
# layers; today's guide: [keras.io/guides/functional_api](https://keras.io/guides/functional_api/)).
#
# > **Check cells.** A cell that calls `funclab.claim(...)` checks a claim
# > the text makes and prints it with a ✓. Its bound leaves room for the
# > small differences between machines; if you change the code above and a
# > check fails, it says which claim no longer holds and what this run got.

# %% [markdown] key="md-e2827b"
# ## Setup

# %%
import keras
import numpy as np
from keras import layers

import funclab
from funclab.data import make_review_pairs

funclab.seed_everything(0)

# %% [markdown] key="md-77a2c3"
# ## One LSTM, two inputs
#
# Two sequences of 128-dimensional vectors, of any length, are encoded by the
# **same** `LSTM(32)` object, and a classifier looks at both encodings.

# %%
lstm = layers.LSTM(32, name="lstm")

left_input = keras.Input(shape=(None, 128), name="left")
left_output = lstm(left_input)

right_input = keras.Input(shape=(None, 128), name="right")
right_output = lstm(right_input)

merged = layers.concatenate([left_output, right_output], axis=-1, name="merged")
predictions = layers.Dense(1, activation="sigmoid", name="prediction")(merged)
model = keras.Model([left_input, right_input], predictions, name="shared_lstm")
model.summary()

# %% [markdown] key="md-caeb39"
# The summary lists `lstm` once, with its 20,608 parameters counted once. The
# picture shows one box with two calls, `#0` and `#1`, each with its own
# arrows in and out, and `funclab.shared_layers` lists every layer a model
# calls more than once:

# %%
funclab.graph(model)

# %%
funclab.shared_layers(model)

# %% [markdown] key="md-47be4a"
# ## Proof that it is one set of weights
#
# Two small models, one per branch, make the point: they end at the two
# calls' outputs, and they hold the very same variable objects.

# %%
left_encoder = keras.Model(left_input, left_output, name="left_encoder")
right_encoder = keras.Model(right_input, right_output, name="right_encoder")
print("LSTM variables:", [v.path for v in lstm.weights])
same_objects = all(a is b for a, b in zip(left_encoder.weights, right_encoder.weights))
print("the two encoders hold the same variables:", same_objects)
print("trainable variables in the whole model:", len(model.trainable_weights), "(3 for the LSTM, 2 for the classifier)")

# %% [markdown] key="md-2e1272"
# ## Training it, on a question that wants one shared encoder
#
# Which of two short reviews is more positive? `make_review_pairs` makes
# reviews of 8 to 16 one-hot characters, some of them positive (`+`), some
# negative (`-`), most neutral (`.`). The question is symmetric: the same
# reading must apply to both reviews, which is exactly what a shared LSTM
# gives.

# %%
pairs = make_review_pairs(2500)
train, test = pairs[:2000], pairs[2000:]
for i in range(3):
    more = "left" if train.label[i] else "right"
    print(f"{train.text(train.left[i]):>16s}  vs  {train.text(train.right[i]):<16s} → the {more} one is more positive")

# %% [markdown] key="md-517caa"
# Before training, keep a copy of the LSTM's kernel and of the left
# branch's encoding of one review.

# %%
kernel_before = lstm.weights[0].numpy().copy()
review = test.left[:1]
left_before = keras.ops.convert_to_numpy(left_encoder(review))

model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=3e-3), loss="binary_crossentropy", metrics=["accuracy"])
history = model.fit(
    [train.left, train.right],
    train.label,
    epochs=5,
    batch_size=64,
    validation_data=([test.left, test.right], test.label),
    verbose=0,
)

# %% tags=["trained"]
print("held-out accuracy by epoch:", [round(value, 2) for value in history.history["val_accuracy"]])
funclab.claim("held-out accuracy", history.history["val_accuracy"][-1], above=0.85, baseline=0.50)

# %% [markdown] key="md-429bd2"
# Training changed the one kernel, and with it *both* branches: the left and
# the right encoder still compute exactly the same function.

# %%
print("kernel changed:", not np.allclose(kernel_before, lstm.weights[0].numpy()))
left_after = keras.ops.convert_to_numpy(left_encoder(review))
right_after = keras.ops.convert_to_numpy(right_encoder(review))
print("left branch's encoding changed:", not np.allclose(left_before, left_after))
print("left and right branch encode a review identically:", np.array_equal(left_after, right_after))

# %% [markdown] key="md-70c7ea"
# ## The guide's tweets model
#
# The Keras guide asks whether two tweets have the same author. A tweet is a
# 280×256 binary matrix: 280 characters, each a one-hot vector over the 256
# most common characters. (The Korean translation of the guide still says 140, the
# limit before Twitter doubled it in 2017.) One `LSTM(64)` encodes both.

# %%
tweet_a = keras.Input(shape=(280, 256), name="tweet_a")
tweet_b = keras.Input(shape=(280, 256), name="tweet_b")
shared_lstm = layers.LSTM(64, name="shared_lstm")
encoded_a = shared_lstm(tweet_a)
encoded_b = shared_lstm(tweet_b)
merged_vector = layers.concatenate([encoded_a, encoded_b], axis=-1, name="merged")
same_author = layers.Dense(1, activation="sigmoid", name="same_author")(merged_vector)
tweets_model = keras.Model(inputs=[tweet_a, tweet_b], outputs=same_author, name="tweets")
tweets_model.compile(optimizer="rmsprop", loss="binary_crossentropy", metrics=["accuracy"])
print(f"shared LSTM: {shared_lstm.count_params():,} parameters, used by both tweets")

# %% [markdown] key="md-26f11a"
# The guide never defines its training data. Would this head work? It is one
# sigmoid unit on the concatenated encodings: the sigmoid of
# `w_a · e(a) + w_b · e(b) + c`, a score for tweet a plus a score for
# tweet b. That is enough for the review question above: with `w_b = −w_a` it
# is "a's positivity minus b's", a comparison of two scores, and the model
# learned it. It is not enough for "same author": the answer depends on how
# the two encodings relate (do they match?), not on the sum of a score for
# each, and no choice of `w_a` and `w_b` turns a sum into a match. (The book
# uses this same head to score whether two sentences are similar; the
# argument applies there too.) Lesson 7 shows such a head failing on "same
# digit?" pairs, and a head that works.

# %% [markdown] key="md-a1d11c"
# ## Layer nodes: one record per call
#
# Each call of a layer on symbolic tensors adds a **node** to it: node 0 for
# the first call, node 1 for the second. A node links the call's input tensors
# to its output tensors. `funclab.nodes` lists them:

# %%
funclab.nodes(lstm)

# %% [markdown] key="md-e3d903"
# The *inbound* column names the tensor each call received as
# `layer[node][tensor]`, as the summary's *Connected to* column above does
# (and Keras 2 summaries did): `left[0][0]` is output 0 of call 0 of the
# `left` input layer. Both calls belong to `shared_lstm`, and also to the
# `left_encoder` or `right_encoder` models made from them.
#
# ### The same, from the picture
#
# `funclab.explore(model)` shows the model's graph beside a pane. Run the
# cell, then click a box, or one of `lstm`'s call labels (`#0`, `#1`) on its
# arrows: the pane shows that call's node (its inbound tensors and shapes,
# the models it belongs to, the layer's settings and how to get its output
# in code) and the picture highlights the call and its own arrows. ◀ ▶ (or
# the arrow keys) step through a shared layer's calls; the list above the
# pane selects any layer with the keyboard. Here call 1 is selected from
# code; in a saved copy of this notebook, where the widget cannot run, the
# picture shows with that call's pane under it:

# %%
explorer = funclab.explore(model)
explorer.select("lstm", 1)
explorer

# %% [markdown] key="md-f23ba3"
# ## Which output is "the" output?
#
# For a layer called once, `layer.output` is its output. For `lstm` there are
# two. In the Keras 2 guide (in the translated notebook this lesson follows,
# run with standalone Keras 2 on TensorFlow), Keras refused:
#
# ```
# AttributeError: Layer lstm_3 has multiple inbound nodes, hence the notion of
# "layer output" is ill-defined. Use `get_output_at(node_index)` instead.
# ```
#
# > **Keras 2 → Keras 3.** Keras 3 answers without complaint, with the *first*
# > call's output, and the per-node accessors are gone:

# %%
print("lstm.output is the left branch's output: ", lstm.output is left_output)
print("lstm.output is the right branch's output:", lstm.output is right_output)
removed = ("get_output_at", "get_input_at", "get_output_shape_at", "get_input_shape_at", "input_shape", "output_shape")
for name in removed:
    print(f"hasattr(lstm, {name!r}):", hasattr(lstm, name))

# %% [markdown] key="md-9748d1"
# So code written for Keras 2 that asks `layer.output` of a shared layer now
# silently gets call 0. (tf.keras 2.x already behaved this way; the error
# above is from the standalone Keras 2 that notebook ran.) funclab restores the
# accessors, with Keras 2's meaning and return format:

# %%
print(funclab.get_output_at(lstm, 0) is left_output, funclab.get_output_at(lstm, 1) is right_output)
print(funclab.get_input_at(lstm, 1) is right_input)
print("output shape of call 1:", funclab.get_output_shape_at(lstm, 1))
print("output shape of the last call:", funclab.get_output_shape_at(lstm, -1))

# %% [markdown] key="md-fd8ee7"
# When every call has the same shape, "the layer's output shape" still makes
# sense, and `funclab.output_shape` gives it:

# %%
funclab.output_shape(lstm)

# %% [markdown] key="md-9add02"
# ## One convolution, two image sizes
#
# A convolution does not care about the image's height and width, so one
# `Conv2D` can process 32×32 and 64×64 images with the same 3×3 kernels.
# Now the two calls have *different* shapes.

# %%
small = keras.Input(shape=(32, 32, 3), name="small")
large = keras.Input(shape=(64, 64, 3), name="large")
conv = layers.Conv2D(16, (3, 3), padding="same", name="conv")
conved_small = conv(small)
conved_large = conv(large)
funclab.nodes(conv)

# %% [markdown] key="md-efb646"
# Neither call belongs to a model yet, because we have not built one: these
# are calls outside any model, and `nodes` says so.
# `funclab.get_input_shape_at` and `funclab.get_output_shape_at` give each
# call's shapes:

# %%
for node_index in (0, 1):
    print(
        f"call {node_index}: input {funclab.get_input_shape_at(conv, node_index)}"
        f" → output {funclab.get_output_shape_at(conv, node_index)}"
    )

# %% [markdown] key="md-4bd2d0"
# Here "the layer's output shape" is ill-defined, and funclab says so, listing
# each call (Keras 2 refused with a similar error; Keras 3 has no
# `output_shape` at all):

# %%
try:
    funclab.output_shape(conv)
except ValueError as error:
    print(f"ValueError: {error}")

# %% [markdown] key="md-2bdfc2"
# In the graph of a model with both calls, each arrow carries its call's
# shape. Explore it: click the arrow labelled `#1` (or pick `conv` in the
# list and press ▶) to see the 64×64 call's node. In the pane's *get it*
# lines, `model` stands for the model you explored (here the variable
# `two_sizes`);
# `funclab.feature_model` builds a model that ends at that call (lesson 8).
# Here call 1 is selected from code:

# %%
two_sizes = keras.Model([small, large], [conved_small, conved_large], name="one_conv_two_sizes")
sizes_explorer = funclab.explore(two_sizes)
sizes_explorer.select("conv", 1)
sizes_explorer

# %% [markdown] key="md-af4bee"
# ## Summary
#
# - Calling one layer object on several inputs shares its weights: one set of
#   variables, counted once, updated by every branch's gradient. Models built
#   on the calls' outputs hold the same variable objects.
# - A head that concatenates two encodings and applies one sigmoid unit adds
#   a score for each input: it can rank (a difference of scores) but not
#   match (a similarity).
# - Every call on symbolic tensors adds a node: 0, 1, 2, ... in call order.
#   `funclab.nodes(layer)` lists each call's inbound tensors, shapes and
#   models; `funclab.explore(model)` shows the same from the picture.
# - Keras 3 removed `get_output_at`, `get_input_at`, `get_output_shape_at`,
#   `get_input_shape_at`, `layer.input_shape` and `layer.output_shape`, and
#   `layer.output` silently means call 0. `funclab.get_output_at(layer, i)`
#   and friends restore them; `funclab.output_shape` refuses when calls
#   disagree.

# %% [markdown] key="md-53fc81"
# ## Exercises
#
# Replace each `...` with your answer and run the cell; the check says what
# differs, in your layer names. `funclab.exercise("06.1").hint()` gives a
# hint and `.solution()` a worked solution.
#
# ### Exercise 06.1 · One encoder for three inputs
#
# Three inputs named `a`, `b` and `c`, each a sequence of 10 vectors of 16
# numbers (`shape=(10, 16)`), all encoded by **one** `LSTM(16)`; the three
# encodings concatenated (a, b, c) and read by `Dense(1,
# activation="sigmoid")`. The inputs in `keras.Model` in the order a, b, c.

# %%
# BEGIN STARTER
model = ...  # your model here
# END STARTER
# BEGIN SOLUTION
encoder = layers.LSTM(16)
a = keras.Input(shape=(10, 16), name="a")
b = keras.Input(shape=(10, 16), name="b")
c = keras.Input(shape=(10, 16), name="c")
merged = layers.concatenate([encoder(a), encoder(b), encoder(c)])
model = keras.Model([a, b, c], layers.Dense(1, activation="sigmoid")(merged))
# END SOLUTION
funclab.exercise("06.1").check(model)

# %% [markdown] key="md-d118d9"
# ### Exercise 06.2 · Which node holds a call's output?
#
# In the section above, `conv` was called on `small` and then on `large`.
# Which node index holds its output for the 64×64 images? Answer without
# running code, then check it with `funclab.get_output_shape_at`.

# %%
# BEGIN STARTER
answer = ...  # an int
# END STARTER
# BEGIN SOLUTION
answer = 1
# END SOLUTION
funclab.exercise("06.2").check(answer)

# %% [markdown] key="md-8d5a7c"
# ### Exercise 06.3 · A shared encoder and a difference
#
# Two inputs named `x1` and `x2` (`keras.Input(shape=(8,), name="x1")`, and
# the same for `x2`), both encoded by **one** `Dense(4, activation="relu")`;
# x1's encoding minus x2's (`layers.subtract`) read by `Dense(1,
# activation="sigmoid")`; the inputs given to `keras.Model` in the order x1,
# x2. This is the "difference of scores" head made explicit.

# %%
# BEGIN STARTER
model = ...  # your model here
# END STARTER
# BEGIN SOLUTION
encoder = layers.Dense(4, activation="relu")
x1 = keras.Input(shape=(8,), name="x1")
x2 = keras.Input(shape=(8,), name="x2")
difference = layers.subtract([encoder(x1), encoder(x2)])
model = keras.Model([x1, x2], layers.Dense(1, activation="sigmoid")(difference))
# END SOLUTION
funclab.exercise("06.3").check(model)

# %% [markdown] key="md-2c19be"
# Your progress in this lesson (in this kernel):

# %%
funclab.progress("06")

# %% [markdown] key="md-75b951"
# **Next:** whole models used as layers (lesson 7).
