# %% [markdown]
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
# 3. train a model as part of another (a digit classifier inside a "same
#    digit?" model), and say why the guide's version of that model cannot learn;
# 4. apply a model to every frame of a video with `TimeDistributed`.

# %% [markdown]
# ## Setup

# %%
import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers
from sklearn.datasets import load_sample_image

import funclab
from funclab.data import load_digits, make_digit_pairs

funclab.seed_everything(0)

# %% [markdown]
# ## A model is called like a layer
#
# A small model, then the same model called on a new input tensor:

# %%
features = keras.Input(shape=(4,), name="features")
scorer = keras.Model(features, layers.Dense(2, name="score")(features), name="scorer")

new_input = keras.Input(shape=(4,), name="new_input")
y = scorer(new_input)
print(y.shape, "— computed with scorer's weights:", scorer.get_layer("score").kernel.shape)

# %% [markdown]
# A model with two inputs and two outputs takes a list and returns a list:

# %%
a_in, b_in = keras.Input(shape=(3,), name="a"), keras.Input(shape=(5,), name="b")
two_way = keras.Model([a_in, b_in], [layers.Dense(1, name="from_a")(a_in), layers.Dense(1, name="from_b")(b_in)])
x1, x2 = keras.Input(shape=(3,)), keras.Input(shape=(5,))
y1, y2 = two_way([x1, x2])
print(y1.shape, y2.shape)

# %% [markdown]
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

# %% [markdown]
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

# %% [markdown]
# (One source notebook writes `right_input = xception_base(right_input)`: it reuses the
# name `right_input` for the features, so the concatenation happens to work but
# the camera input is lost for building a model. Keep inputs and features in
# separate variables.)
#
# Collapsed, the whole Xception is one box called twice:

# %%
funclab.graph(dual_camera)

# %% [markdown]
# Expanded, it is a cluster of its 132 layers, entered and left once per call
# (`xception #0` for the left camera, `#1` for the right). Inside, shapes have
# `None` for height and width, because Xception was built for any size; the
# concrete 250×250 shapes belong to the calls.

# %%
funclab.graph(dual_camera, expand_nested=True)

# %% [markdown]
# The inspector lists the two calls of the Xception model itself:

# %%
funclab.nodes(xception_base)

# %% [markdown]
# ### Running it on a stereo pair
#
# scikit-learn ships two photographs. Two 250×250 crops of one of them, 12
# pixels apart, stand in for the two cameras.

# %%
photo = load_sample_image("china.jpg") / 255.0


def crop(dx):
    return photo[100:350, 150 + dx : 400 + dx].astype("float32")


left_images = np.stack([crop(0), crop(100)])
right_images = np.stack([crop(12), crop(112)])
fig, axes = plt.subplots(1, 4, figsize=(10, 2.8))
for ax, image, title in zip(axes, [*left_images, *right_images], ["left 1", "left 2", "right 1", "right 2"]):
    ax.imshow(image)
    ax.set_title(title)
    ax.axis("off")
plt.show()

# %%
features = dual_camera.predict([left_images, right_images], verbose=0)
print("features for 2 stereo pairs:", features.shape)

# %% [markdown]
# The features are meaningless (the weights are random), but the sharing is
# real. Show the *same* image to both cameras and the two halves of the
# merged features are identical, because one set of weights computed both:

# %%
same = dual_camera.predict([left_images, left_images], verbose=0)
print("left half equals right half:", np.array_equal(same[..., :2048], same[..., 2048:]))

# %% [markdown]
# Training this model at 250×250 needs about 2.9 GB of memory, more than a
# Binder session allows. The next model trains.

# %% [markdown]
# ## The guide's shared vision model: same digit or not?
#
# The Keras guide builds a small vision model for 27×27 digits and uses it on
# two digits to classify "same digit or different". We train it on real
# handwritten digits: `make_digit_pairs` makes balanced pairs, the test pairs
# from digits never used for training.

# %%
train_pairs, test_pairs = make_digit_pairs(1000, 400, size=27)
fig, axes = plt.subplots(2, 6, figsize=(9, 3.2))
for column in range(6):
    axes[0, column].imshow(train_pairs.a[column, :, :, 0], cmap="gray_r")
    axes[1, column].imshow(train_pairs.b[column, :, :, 0], cmap="gray_r")
    axes[0, column].set_title("same" if train_pairs.same[column] else "different", fontsize=9)
for ax in axes.flat:
    ax.axis("off")
plt.show()

# %% [markdown]
# The guide's vision model and its pair model, as printed:

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
history = classification_model.fit(
    [train_pairs.a, train_pairs.b], train_pairs.same, epochs=1, batch_size=64, verbose=0
)
_, guide_accuracy = classification_model.evaluate([test_pairs.a, test_pairs.b], test_pairs.same, verbose=0)
print(f"held-out accuracy: {guide_accuracy:.2f}   (guessing: 0.50)")

# %% [markdown]
# Guessing level, and more epochs would not change that, because of the head:
# the sigmoid unit computes `w_a · features(a) + w_b · features(b) + bias`. Each
# digit's evidence is *added*; nothing compares the two. "Is this a 3?" can
# be added up, but "are these the same digit?" cannot: whatever score a 3
# earns on the left, it earns against a 3 and against a 7 on the right alike.
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
# Step 1, with the guide's vision model, whose weights the pair model will use:

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

# %% [markdown]
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

# %% [markdown]
# Two levels of models as layers: `vision` inside `digit_classifier`, called
# twice by `digit_pairs`. Before any training on pairs, the classifier alone
# already answers:

# %% tags=["trained"]
pair_model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
_, before = pair_model.evaluate([test_pairs.a, test_pairs.b], test_pairs.same, verbose=0)
print(f"pairs, held-out accuracy before training on pairs: {before:.2f}")

# %% [markdown]
# Training the pair model fine-tunes the classifier *and* the vision model
# inside it, through both branches at once:

# %% tags=["trained"]
history = pair_model.fit([train_pairs.a, train_pairs.b], train_pairs.same, epochs=1, batch_size=64, verbose=0)
_, pair_accuracy = pair_model.evaluate([test_pairs.a, test_pairs.b], test_pairs.same, verbose=0)
print(f"pairs, held-out accuracy: {pair_accuracy:.2f}   (guessing: 0.50; the guide's head: {guide_accuracy:.2f})")

# %%
assert pair_accuracy > 0.85, pair_accuracy
assert abs(guide_accuracy - 0.5) < 0.1, guide_accuracy

# %% [markdown]
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

# %% [markdown]
# Either layer alone would take a third of a Binder session's memory.
# Modern vision models *pool* instead of flattening: a `GlobalMaxPooling2D`
# keeps one number per channel, 256 per image. We build the guide's models
# with that one change.
#
# > **Keras 2 → Keras 3.** A `Sequential` model has `outputs` (a list) once it
# > is built from a `keras.Input`; asking it for `.output` before it has been
# > called raises `AttributeError` in Keras 3.

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

# %% [markdown]
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
assert encoded_frame_sequence.shape == (None, 100, 256) and output.shape == (None, 1000)
funclab.graph(video_qa_model)

# %% [markdown]
# `every_frame` wraps the very `vision` model the image model calls, and
# `question_encoder` holds the image model's embedding and LSTM: their weights
# are shared between the two models, so training the VQA model also trains the
# video model's vision and question encoders.

# %% [markdown]
# ## Summary
#
# - A model is a layer: `model(x)` returns a tensor computed with its weights,
#   and a model with several inputs and outputs takes and returns lists.
# - Calling one model on several inputs shares all its weights: the Siamese
#   Xception applies one 20-million-parameter network to both cameras, and
#   `funclab.nodes` lists its two calls.
# - A head that concatenates two encodings and applies one sigmoid unit can
#   only add evidence, so it cannot tell "same" from "different". Training a
#   digit classifier and comparing its two outputs with a dot product can.
# - `TimeDistributed(model)` applies a model to every step of a sequence.
#   Flattening a 224×224 feature map makes layers with hundreds of millions
#   of parameters; global pooling avoids that.
#
# That completes the chapter: inputs, outputs, graphs of layers, shared layers
# and shared models — all with one idea, layers and models as functions on
# tensors.
