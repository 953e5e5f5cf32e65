#!/usr/bin/python3
"""The Fashion-MNIST samples in this folder, from Debian's dataset-fashion-mnist (test split).

  fashion-png/<class>/<index>.png   the first 600 test images as 8-bit grayscale PNGs, one folder
                                    per class (what `--images DIR` labels by)
  fashion-mnist-sample-images-idx3-ubyte.gz / -labels-idx1-ubyte.gz
                                    the first 1,000 test images and labels, row-major IDX

Regenerate: apt-get install -y dataset-fashion-mnist python3-pil
            cd data/sample && /usr/bin/python3 make_fashion_samples.py
"""
import gzip
import os
import shutil
import struct

from PIL import Image

SRC = "/usr/share/datasets/fashion-mnist"
CLASSES = ["t-shirt-top", "trouser", "pullover", "dress", "coat",
           "sandal", "shirt", "sneaker", "bag", "ankle-boot"]


def read(name):
    with gzip.open(os.path.join(SRC, name), "rb") as f:
        return f.read()


images = read("t10k-images-idx3-ubyte.gz")
labels = read("t10k-labels-idx1-ubyte.gz")
_, count, rows, cols = struct.unpack(">iiii", images[:16])
size = rows * cols

shutil.rmtree("fashion-png", ignore_errors=True)
for i in range(600):
    pixels = images[16 + i * size: 16 + (i + 1) * size]
    folder = os.path.join("fashion-png", CLASSES[labels[8 + i]])
    os.makedirs(folder, exist_ok=True)
    Image.frombytes("L", (cols, rows), pixels).save(os.path.join(folder, "%04d.png" % i), optimize=True)

n = 1000
with gzip.GzipFile("fashion-mnist-sample-images-idx3-ubyte.gz", "wb", mtime=0) as f:
    f.write(struct.pack(">iiii", 0x803, n, rows, cols) + images[16:16 + n * size])
with gzip.GzipFile("fashion-mnist-sample-labels-idx1-ubyte.gz", "wb", mtime=0) as f:
    f.write(struct.pack(">ii", 0x801, n) + labels[8:8 + n])
