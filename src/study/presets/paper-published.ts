/**
 * The published study's tables, copied as they are from the project's record of them
 * (shared/paper/published-tables.json): Poyser, Atapour-Abarghouei & Breckon, "On the Impact of
 * Lossy Image and Video Compression on the Performance of Deep Convolutional Neural Network
 * Architectures", ICPR 2020 (poster tables, before and after retraining). `source` and `notes`
 * are that file's own attribution and caveats. A module, not a .json file, so the build ships it.
 */
export const PAPER_PUBLISHED = {
  "source": "Poyser, Atapour-Abarghouei & Breckon, 'On the Impact of Lossy Image and Video Compression on the Performance of Deep Convolutional Neural Network Architectures', ICPR 2020 (poster tables: results before and after retraining; the poster marks the maximum safe compression rate per table in red, which is not recoverable from its text).",
  "notes": [
    "JPEG levels are IJG quality; the first row (95) is the study's reference, identical before and after retraining.",
    "The abstract's 'recovers up to 78.4 %' equals (retrained - compressed) / retrained for pose at JPEG 5: (0.454 - 0.098) / 0.454 = 0.784.",
    "Datasets per task other than UCF101 (action) are not named on the poster; models: Faster R-CNN (detection), OpenPose (pose), GAN of Atapour-Abarghouei & Breckon CVPR 2018 (depth), SegNet (segmentation), two-stream Simonyan & Zisserman (action).",
    "In the action table after retraining the motion stream gets worse (38.96 -> 9.26 at CRF 40); treat with care."
  ],
  "detection": {
    "metric": "mAP",
    "levels": [
      95,
      75,
      50,
      15,
      10,
      5
    ],
    "pretrained": [
      0.703,
      0.686,
      0.666,
      0.545,
      0.442,
      0.187
    ],
    "retrained": [
      0.703,
      0.694,
      0.692,
      0.647,
      0.627,
      0.559
    ]
  },
  "pose": {
    "metric": "mAP",
    "levels": [
      95,
      75,
      50,
      15,
      10,
      5
    ],
    "pretrained": [
      0.711,
      0.689,
      0.655,
      0.413,
      0.323,
      0.098
    ],
    "retrained": [
      0.711,
      0.708,
      0.678,
      0.654,
      0.597,
      0.454
    ]
  },
  "depth": {
    "metrics": [
      "absRel",
      "sqRel",
      "rmse"
    ],
    "levels": [
      95,
      75,
      50,
      15,
      10,
      5
    ],
    "pretrained": {
      "absRel": [
        0.0112,
        0.0116,
        0.0123,
        0.0146,
        0.0192,
        0.0283
      ],
      "sqRel": [
        0.0039,
        0.0039,
        0.0038,
        0.004,
        0.0042,
        0.006
      ],
      "rmse": [
        0.0588,
        0.0589,
        0.0587,
        0.0599,
        0.0617,
        0.0749
      ]
    },
    "retrained": {
      "absRel": [
        0.0112,
        0.0113,
        0.0103,
        0.0121,
        0.0152,
        0.0159
      ],
      "sqRel": [
        0.0039,
        0.0035,
        0.0029,
        0.0034,
        0.0031,
        0.004
      ],
      "rmse": [
        0.0588,
        0.056,
        0.0502,
        0.0556,
        0.0528,
        0.0599
      ]
    }
  },
  "segmentation": {
    "metrics": [
      "globalAcc",
      "meanAcc",
      "mIoU"
    ],
    "levels": [
      95,
      75,
      50,
      15,
      10,
      5
    ],
    "pretrained": {
      "globalAcc": [
        0.911,
        0.909,
        0.904,
        0.814,
        0.794,
        0.782
      ],
      "meanAcc": [
        0.536,
        0.53,
        0.523,
        0.459,
        0.421,
        0.364
      ],
      "mIoU": [
        0.454,
        0.448,
        0.438,
        0.338,
        0.304,
        0.265
      ]
    },
    "retrained": {
      "globalAcc": [
        0.911,
        0.91,
        0.908,
        0.902,
        0.895,
        0.879
      ],
      "meanAcc": [
        0.536,
        0.522,
        0.503,
        0.494,
        0.477,
        0.445
      ],
      "mIoU": [
        0.454,
        0.446,
        0.431,
        0.42,
        0.405,
        0.374
      ]
    }
  },
  "action": {
    "codec": "h264",
    "levelName": "CRF",
    "levels": [
      23,
      25,
      30,
      40,
      50
    ],
    "metric": "top-1 (%)",
    "pretrained": {
      "spatial": [
        78.8736,
        78.7999,
        78.4563,
        74.5704,
        44.1977
      ],
      "motion": [
        70.1198,
        44.9225,
        37.3598,
        38.9565,
        15.3267
      ],
      "fusion": [
        83.5485,
        73.603,
        72.2329,
        70.8803,
        41.4777
      ]
    },
    "retrained": {
      "spatial": [
        78.8736,
        78.9056,
        78.562,
        75.945,
        62.5165
      ],
      "motion": [
        70.1198,
        39.7192,
        34.3161,
        9.255,
        6.73
      ],
      "fusion": [
        83.5485,
        71.7616,
        70.5765,
        67.1227,
        56.2279
      ]
    }
  },
  "findings": [
    "Performance decreases significantly below JPEG quality 15 and H.264 CRF 40.",
    "Retraining on compressed data recovers performance by up to 78.4 %.",
    "Encoder-decoder architectures (SegNet, the depth GAN) and the two-stream spatial stream are the most resilient.",
    "One can compress to quality 15 across all domains without (large) loss."
  ]
} as const;
