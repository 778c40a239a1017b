# %% [markdown] key="md-9d01c2"
# # Lesson 7 — Models as layers: the Siamese Xception
#
# In the functional API a whole model can be used like a layer: call it on a
# tensor and you get a tensor, computed with the model's own weights. Call it
# twice and the two calls share those weights, exactly as a shared layer does.
#
# By the end of this lesson you will be able to:
#
# 1. call a model on new inputs, `y = model(x)` and `y1, y2 = model([x1, x2])`;
# 2. build a Siamese network: one vision model (Xception) applied to two camera
#    images, and inspect its two calls;
# 3. reuse a trained model inside another (a digit classifier called twice
#    by a "same digit?" model), and say why the guide's version of that model
#    cannot compare two digits;
# 4. apply a model to every frame of a video with `TimeDistributed`.
#
# **Sources.** Section 7.1.6 of François Chollet's
# [*Deep Learning with Python*](https://www.manning.com/books/deep-learning-with-python)
# (first edition; *케라스 창시자에게 배우는 딥러닝* in Korean): models as layers
# and the dual-camera Siamese Xception; and the Keras 2 functional API
# guide's "shared vision model" and "visual question answering" examples, in
# its 2017 Korean translation on CodeOnWeb (Park Jonghyun, "[시작하기] 함수형
# API 가이드"; today's guide:
# [keras.io/guides/functional_api](https://keras.io/guides/functional_api/)).
#
# > **Check cells.** A cell that calls `funclab.claim(...)` checks a claim
# > the text makes and prints it with a ✓. Its bound leaves room for the
# > small differences between machines; if you change the code above and a
# > check fails, it says which claim no longer holds and what this run got.

# %% [markdown] key="md-4973c8"
# ## Setup

# %%
import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers

import funclab
from funclab.data import PHOTO_CREDIT, load_digits, load_photo, make_digit_pairs

funclab.seed_everything(0)

# %% [markdown] key="md-187391"
# ## A model is called like a layer
#
# A small model, then the same model called on a new input tensor:

# %%
features = keras.Input(shape=(4,), name="features")
scorer = keras.Model(features, layers.Dense(2, name="score")(features), name="scorer")

new_input = keras.Input(shape=(4,), name="new_input")
y = scorer(new_input)
print(y.shape, "— computed with scorer's weights:", scorer.get_layer("score").kernel.shape)

# %% [markdown] key="md-6a476f"
# A model with two inputs and two outputs takes a list and returns a list:

# %%
a_in, b_in = keras.Input(shape=(3,), name="a"), keras.Input(shape=(5,), name="b")
two_way = keras.Model([a_in, b_in], [layers.Dense(1, name="from_a")(a_in), layers.Dense(1, name="from_b")(b_in)])
x1, x2 = keras.Input(shape=(3,)), keras.Input(shape=(5,))
y1, y2 = two_way([x1, x2])
print(y1.shape, y2.shape)

# %% [markdown] key="md-f6d4cc"
# ## The dual-camera Siamese model
#
# Two cameras a few centimetres apart see almost the same scene; a model that
# compares their views can estimate depth. Both views need the same low-level
# processing, so one vision model serves both. Here the vision model is
# Xception without its classifier (`include_top=False`), built with random
# weights (`weights=None`: nothing is downloaded).

# %%
xception_base = keras.applications.Xception(weights=None, include_top=False)
print(f"{xception_base.name}: {len(xception_base.layers)} layers, {xception_base.count_params():,} parameters")
print("its input:", xception_base.inputs[0].shape)

# %% [markdown] key="md-2d460f"
# Its input is `(None, None, None, 3)`: any image size. Call it on the two
# cameras' 250×250 images and concatenate the features:

# %%
left_input = keras.Input(shape=(250, 250, 3), name="left_camera")
right_input = keras.Input(shape=(250, 250, 3), name="right_camera")
left_features = xception_base(left_input)
right_features = xception_base(right_input)
merged_features = layers.concatenate([left_features, right_features], axis=-1, name="merged_features")
dual_camera = keras.Model([left_input, right_input], merged_features, name="dual_camera")
print("each camera:", left_features.shape, "→ merged:", merged_features.shape)

# %% [markdown] key="md-27757f"
# (One Korean notebook on this section writes
# `right_input = xception_base(right_input)`: it reuses the name
# `right_input` for the features, so the concatenation happens to work but
# the camera input is lost for building a model. Keep inputs and features in
# separate variables.)
#
# Collapsed, the whole Xception is one box called twice:

# %%
funclab.graph(dual_camera)

# %% [markdown] key="md-0288aa"
# Expanded, it is a cluster of its 132 layers, entered and left once per call
# (`xception #0` for the left camera, `#1` for the right). Drawn layer by
# layer that would be a column of 132 boxes, far taller than a screen. Keras
# names Xception's layers by block (`block1_conv1`, `block4_sepconv2`, ...),
# so funclab draws each block as one box; between the blocks are the 1×1
# shortcut convolutions with their batch normalisation, and the `add` layers
# of the residual connections (lesson 5). Inside, shapes have `None` for height and width, because
# Xception was built for any size; the concrete 250×250 shapes belong to the
# calls.

# %%
funclab.graph(dual_camera, expand_nested=True)

# %% [markdown] key="md-e20ddc"
# One block can be opened with `expand_blocks`: block 4 is two separable
# convolutions with batch normalisation and a max pooling, whose output meets
# the projected shortcut at `add_2`.

# %%
funclab.graph(dual_camera, expand_nested=True, expand_blocks=["block4"], show_shapes=False)

# %% [markdown] key="md-0068ad"
# `funclab.nodes` (lesson 6) lists the two calls of the Xception model
# itself:

# %%
funclab.nodes(xception_base)

# %% [markdown] key="md-dca148"
# The explorer shows the same from the picture: click the `xception` box or
# a `#1` label for the right camera's call, step with ◀ ▶, or expand the
# model in place with the button in the pane. Call 1 is selected here:

# %%
dual_explorer = funclab.explore(dual_camera)
dual_explorer.select("xception", 1)
dual_explorer

# %% [markdown] key="md-4b9032"
# ### Running it on a stereo pair
#
# funclab ships one photograph, 250 pixels high and 350 wide. Two 250×250
# windows of it, 12 pixels apart, stand in for the two cameras (pair 1).
# Pair 2 shows the *same* window to both cameras.

# %%
photo = load_photo()
print(PHOTO_CREDIT)
print("photo:", photo.shape)


def crop(dx):
    return photo[:, dx : dx + 250]


left_images = np.stack([crop(0), crop(100)])
right_images = np.stack([crop(12), crop(100)])
fig, axes = plt.subplots(1, 4, figsize=(7.2, 2.1))
titles = ["pair 1, left", "pair 1, right", "pair 2, left", "pair 2, right"]
for ax, image, title in zip(axes, [left_images[0], right_images[0], left_images[1], right_images[1]], titles):
    ax.imshow(image)
    ax.set_title(title)
    ax.axis("off")
plt.show()

# %% [markdown] key="md-5c07a1"
# `predict` is built for many batches: it wraps the inputs in a data pipeline
# and feeds them through batch by batch. These two pairs are one batch, and
# `predict_on_batch` runs the model's compiled prediction on them directly;
# like `predict`, it returns NumPy arrays.

# %%
features = dual_camera.predict_on_batch([left_images, right_images])
print("features for 2 pairs:", features.shape)

# %% [markdown] key="md-eee503"
# The features are meaningless (the weights are random), but the sharing is
# real. The first 2048 channels come from the left camera, the last 2048 from
# the right. In pair 2 both cameras saw the same image, and the two halves
# are identical, because one set of weights computed both; in pair 1 they
# saw different crops:

# %%
for number, pair_features in enumerate(features, start=1):
    left_half, right_half = pair_features[..., :2048], pair_features[..., 2048:]
    print(f"pair {number}: left half equals right half:", np.array_equal(left_half, right_half))

# %% [markdown] key="md-f72dab"
# Training a 21-million-parameter model on 250×250 image pairs is beyond a
# lesson on two CPU cores. The next model trains.

# %% [markdown] key="md-a603ca"
# ## The guide's shared vision model: same digit or not?
#
# The Keras guide builds a small vision model for 27×27 digits and uses it on
# two digits to classify "same digit or different". We train it on real
# handwritten digits: `make_digit_pairs` makes balanced pairs, the test pairs
# from digits never used for training.

# %%
train_pairs, test_pairs = make_digit_pairs(300, 300, size=27)
fig, axes = plt.subplots(2, 6, figsize=(9, 3.2))
for column in range(6):
    axes[0, column].imshow(train_pairs.a[column, :, :, 0], cmap="gray_r")
    axes[1, column].imshow(train_pairs.b[column, :, :, 0], cmap="gray_r")
    axes[0, column].set_title("same" if train_pairs.same[column] else "different", fontsize=9)
for ax in axes.flat:
    ax.axis("off")
plt.show()

# %% [markdown] key="md-4dbb89"
# The guide's vision model and its pair model, as the guide writes them
# (trained here for one epoch):

# %% tags=["trained"]
digit_input = keras.Input(shape=(27, 27, 1), name="digit")
x = layers.Conv2D(64, (3, 3), name="conv_1")(digit_input)
x = layers.Conv2D(64, (3, 3), name="conv_2")(x)
x = layers.MaxPooling2D((2, 2), name="pool")(x)
out = layers.Flatten(name="flatten")(x)
vision_model = keras.Model(digit_input, out, name="vision")

digit_a = keras.Input(shape=(27, 27, 1), name="digit_a")
digit_b = keras.Input(shape=(27, 27, 1), name="digit_b")
out_a = vision_model(digit_a)
out_b = vision_model(digit_b)
concatenated = layers.concatenate([out_a, out_b], name="both")
out = layers.Dense(1, activation="sigmoid", name="same")(concatenated)
classification_model = keras.Model([digit_a, digit_b], out, name="guide_pairs")
print("vision features per digit:", out_a.shape)

classification_model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
history = classification_model.fit([train_pairs.a, train_pairs.b], train_pairs.same, epochs=1, batch_size=64, verbose=0)
_, guide_accuracy = classification_model.evaluate([test_pairs.a, test_pairs.b], test_pairs.same, verbose=0)
print(f"held-out accuracy: {guide_accuracy:.2f}   (guessing: 0.50)")

# %% [markdown] key="md-6729fe"
# Close to guessing, after one short epoch. More epochs cannot fix the head,
# though: the sigmoid unit computes `w_a · features(a) + w_b · features(b) + c`,
# so each digit's evidence is *added* and nothing compares the two. Whatever
# score a 3 earns on the left, it earns against a 3 and against a 7 on the
# right alike. Such a sum is never right on every pair; at best it learns a
# lopsided rule like "say *same* when the left digit is not larger", right on
# about three pairs in four.
#
# The head has to compare. Here is a principled way that reuses models as
# layers twice:
#
# 1. put the vision model inside a **digit classifier** and train that on
#    single digits;
# 2. call the classifier on both digits of a pair: it gives two probability
#    vectors `p_a` and `p_b` over the ten digits;
# 3. the probability that both are the same digit is `Σₖ p_a(k)·p_b(k)`, a dot
#    product: `layers.Dot`.
#
# Step 1, with a fresh copy of the guide's vision model, whose weights the
# pair model will use:

# %% tags=["trained"]
funclab.seed_everything(0)
digit_input = keras.Input(shape=(27, 27, 1), name="digit")
x = layers.Conv2D(64, (3, 3), name="conv_1")(digit_input)
x = layers.Conv2D(64, (3, 3), name="conv_2")(x)
x = layers.MaxPooling2D((2, 2), name="pool")(x)
vision_model = keras.Model(digit_input, layers.Flatten(name="flatten")(x), name="vision")

image = keras.Input(shape=(27, 27, 1), name="image")
digit_probabilities = layers.Dense(10, activation="softmax", name="which_digit")(vision_model(image))
digit_classifier = keras.Model(image, digit_probabilities, name="digit_classifier")

digits = load_digits(size=27)
digit_classifier.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
history = digit_classifier.fit(digits.x_train, digits.y_train, epochs=2, batch_size=64, verbose=0)
_, digit_accuracy = digit_classifier.evaluate(digits.x_test, digits.y_test, verbose=0)
print(f"digit classifier, held-out accuracy: {digit_accuracy:.2f}   (guessing: 0.10)")

# %% [markdown] key="md-495889"
# Steps 2 and 3: the pair model calls the classifier twice. Its output is
# already a probability, so no extra layer is needed.

# %%
digit_a = keras.Input(shape=(27, 27, 1), name="digit_a")
digit_b = keras.Input(shape=(27, 27, 1), name="digit_b")
p_a = digit_classifier(digit_a)
p_b = digit_classifier(digit_b)
same_digit = layers.Dot(axes=1, name="same_digit")([p_a, p_b])
pair_model = keras.Model([digit_a, digit_b], same_digit, name="digit_pairs")
funclab.graph(pair_model, expand_nested=True)

# %% [markdown] key="md-cf3d35"
# Two levels of models as layers: `vision` inside `digit_classifier`, called
# twice by `digit_pairs`. In the explorer, select the inner `conv_1` (or any
# layer of `vision`): its one call belongs to `vision`, and the pane lists
# how to reach its output on each branch with `funclab.feature_model`
# (lesson 8). The classifier's second call is selected here:

# %%
pair_explorer = funclab.explore(pair_model, expand_nested=True)
pair_explorer.select("digit_classifier", 1)
pair_explorer

# %% [markdown] key="md-31a09e"
# Without any training on pairs, the classifier inside answers the pair
# question on the held-out pairs:

# %% tags=["trained"]
pair_model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
_, pair_accuracy = pair_model.evaluate([test_pairs.a, test_pairs.b], test_pairs.same, verbose=0)
print(f"pairs, held-out accuracy: {pair_accuracy:.2f}   (guessing: 0.50; the guide's head: {guide_accuracy:.2f})")
funclab.claim("dot-product head's held-out accuracy", pair_accuracy, above=0.8, baseline=0.5)
funclab.claim("the guide's head: distance from guessing", abs(guide_accuracy - 0.5), below=0.1)

# %% [markdown] key="md-116f0f"
# `pair_model` is an ordinary model: `pair_model.fit` on labelled pairs
# would train the classifier and the vision model inside it, through both
# branches at once, since both calls use the same weights. We skip it: the
# classifier learned from single digits, each labelled with the digit
# itself, a richer signal than a pair's "same" or "different", and the pair
# model already answers well.

# %% [markdown] key="md-b40dd8"
# ## Visual and video question answering
#
# The guide's last two models answer a question about an image, then about a
# video, by reusing models as layers. Its vision model ends with `Flatten`.
# At 224×224 that is a lot of numbers per image:

# %%
guide_vision = keras.Sequential(
    [
        keras.Input(shape=(224, 224, 3)),
        layers.Conv2D(64, (3, 3), activation="relu", padding="same"),
        layers.Conv2D(64, (3, 3), activation="relu"),
        layers.MaxPooling2D((2, 2)),
        layers.Conv2D(128, (3, 3), activation="relu", padding="same"),
        layers.Conv2D(128, (3, 3), activation="relu"),
        layers.MaxPooling2D((2, 2)),
        layers.Conv2D(256, (3, 3), activation="relu", padding="same"),
        layers.Conv2D(256, (3, 3), activation="relu"),
        layers.Conv2D(256, (3, 3), activation="relu"),
        layers.MaxPooling2D((2, 2)),
        layers.Flatten(),
    ],
    name="guide_vision",
)
flat = guide_vision.outputs[0].shape[-1]
print("features per image:", guide_vision.outputs[0].shape)
print(f"Dense(1000) on them plus a 256-d question: {(flat + 256) * 1000 + 1000:,} parameters "
      f"({((flat + 256) * 1000 + 1000) * 4 / 2**20:,.0f} MB)")
print(f"LSTM(256) reading one such vector per frame: {4 * 256 * (flat + 256 + 1):,} parameters")

# %% [markdown] key="md-e75106"
# Either layer alone would take a third of a Binder session's memory.
# Modern vision models *pool* instead of flattening: a `GlobalMaxPooling2D`
# keeps one number per channel, 256 per image. We build the guide's models
# with that one change.
#
# > **Keras 2 → Keras 3.** The cell above uses `guide_vision.outputs[0]`: a
# > `Sequential` model has `outputs` (a list) once it is built from a
# > `keras.Input`, but asking it for `.output` before it has been called
# > raises `AttributeError` in Keras 3.

# %%
vision_model = keras.Sequential([*guide_vision.layers[:-1], layers.GlobalMaxPooling2D()], name="vision")
vision_model.build((None, 224, 224, 3))

image_input = keras.Input(shape=(224, 224, 3), name="image")
encoded_image = vision_model(image_input)

question_input = keras.Input(shape=(100,), dtype="int32", name="question")
embedded_question = layers.Embedding(input_dim=10_000, output_dim=256)(question_input)
encoded_question = layers.LSTM(256)(embedded_question)

merged = layers.concatenate([encoded_question, encoded_image])
output = layers.Dense(1000, activation="softmax", name="answer")(merged)
vqa_model = keras.Model(inputs=[image_input, question_input], outputs=output, name="vqa")
print("image:", encoded_image.shape, " question:", encoded_question.shape, " answer:", output.shape)
print(f"VQA model: {vqa_model.count_params():,} parameters")

# %% [markdown] key="md-e3a140"
# For a video, `TimeDistributed(vision_model)` applies the *same* vision model
# to each of the 100 frames, and an LSTM reads the sequence of frame vectors.
# The question encoder is reused as a model too.

# %%
video_input = keras.Input(shape=(100, 224, 224, 3), name="video")
encoded_frame_sequence = layers.TimeDistributed(vision_model, name="every_frame")(video_input)
encoded_video = layers.LSTM(256, name="video_lstm")(encoded_frame_sequence)

question_encoder = keras.Model(inputs=question_input, outputs=encoded_question, name="question_encoder")
video_question_input = keras.Input(shape=(100,), dtype="int32", name="video_question")
encoded_video_question = question_encoder(video_question_input)

merged = layers.concatenate([encoded_video, encoded_video_question])
output = layers.Dense(1000, activation="softmax", name="answer")(merged)
video_qa_model = keras.Model(inputs=[video_input, video_question_input], outputs=output, name="video_qa")
print("frames:", encoded_frame_sequence.shape, "→ video:", encoded_video.shape, "→ answer:", output.shape)

# %%
funclab.claim("frame features' shape", tuple(encoded_frame_sequence.shape), equals=(None, 100, 256))
funclab.graph(video_qa_model)

# %% [markdown] key="md-fe5aed"
# `every_frame` wraps the very `vision` model the VQA model calls, and
# `question_encoder` holds the VQA model's embedding and LSTM: their weights
# are shared between the two models, so training the VQA model also trains the
# video model's vision and question encoders.

# %% [markdown] key="md-a62665"
# ## Summary
#
# - A model is a layer: `model(x)` returns a tensor computed with its weights,
#   and a model with several inputs and outputs takes and returns lists.
# - Calling one model on several inputs shares all its weights: the Siamese
#   Xception applies one 21-million-parameter network to both cameras, and
#   `funclab.nodes` and `funclab.explore` show its two calls.
# - A head that concatenates two encodings and applies one sigmoid unit adds
#   a score for each, so it cannot compare them: no sum of two separate
#   scores gets every pair right. A digit classifier trained on single
#   digits, called on both and compared with a dot product, does compare.
# - `TimeDistributed(model)` applies a model to every step of a sequence.
#   Flattening the feature map of a 224×224 image makes layers with over 160
#   million parameters each; global pooling avoids that.

# %% [markdown] key="md-263a8f"
# ## Exercises
#
# Replace each `...` with your answer and run the cell; the check says what
# differs, in your layer names. `funclab.exercise("07.1").hint()` gives a
# hint and `.solution()` a worked solution.
#
# ### Exercise 07.1 · A model as a layer, twice
#
# Build an `encoder` model: a `keras.Input(shape=(28, 28, 1))`, a
# `Conv2D(16, 3, activation="relu")` and a `GlobalMaxPooling2D`. Then a pair
# model with inputs named `left` and `right` (28×28×1 each) that calls the
# *same* encoder on both, concatenates the two encodings (left first) and
# ends with `Dense(1, activation="sigmoid")`.

# %%
# BEGIN STARTER
model = ...  # your pair model here
# END STARTER
# BEGIN SOLUTION
frame = keras.Input(shape=(28, 28, 1))
features = layers.GlobalMaxPooling2D()(layers.Conv2D(16, 3, activation="relu")(frame))
encoder = keras.Model(frame, features, name="encoder")
left = keras.Input(shape=(28, 28, 1), name="left")
right = keras.Input(shape=(28, 28, 1), name="right")
merged = layers.concatenate([encoder(left), encoder(right)])
model = keras.Model([left, right], layers.Dense(1, activation="sigmoid")(merged))
# END SOLUTION
funclab.exercise("07.1").check(model)

# %% [markdown] key="md-c3585b"
# ### Exercise 07.2 · A model on every frame
#
# With the `encoder` of exercise 07.1 (the cell below builds it again), build
# a clip model: an input of 10 frames of 28×28×1, the encoder applied to
# every frame with `TimeDistributed`, an `LSTM(8)` reading the 10 encodings
# and `Dense(3, activation="softmax")`.

# %%
frame = keras.Input(shape=(28, 28, 1))
features = layers.GlobalMaxPooling2D()(layers.Conv2D(16, 3, activation="relu")(frame))
encoder = keras.Model(frame, features, name="encoder")
# BEGIN STARTER
model = ...  # your clip model here
# END STARTER
# BEGIN SOLUTION
clip = keras.Input(shape=(10, 28, 28, 1))
frames = layers.TimeDistributed(encoder)(clip)
model = keras.Model(clip, layers.Dense(3, activation="softmax")(layers.LSTM(8)(frames)))
# END SOLUTION
funclab.exercise("07.2").check(model)

# %% [markdown] key="md-65290b"
# ### Exercise 07.3 · What Xception makes of a 250×250 image
#
# What is the shape of one camera's features, the output of `xception_base`
# on a 250×250×3 image? Answer from what you read above (or from Xception's
# five halvings), as a tuple.

# %%
# BEGIN STARTER
answer = ...  # a tuple
# END STARTER
# BEGIN SOLUTION
answer = (None, 8, 8, 2048)
# END SOLUTION
funclab.exercise("07.3").check(answer)

# %% [markdown] key="md-fc47ad"
# Your progress in this lesson (in this kernel):

# %%
funclab.progress("07")

# %% [markdown] key="md-e0bb67"
# That completes the book chapter these lessons follow (7.1): inputs, outputs, graphs of layers, shared
# layers and shared models, all with one idea, layers and models as
# functions on tensors. **Next:** what people do with functional models once
# they are built (lesson 8).
