"""pytest plugin: make ``sklearn.cluster.MiniBatchKMeans`` kmeans_edu's before scikit-learn's tests import it."""

import sklearn.cluster

from kmeans_edu.minibatch import MiniBatchKMeans

sklearn.cluster.MiniBatchKMeans = MiniBatchKMeans
