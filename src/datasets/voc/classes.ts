/** The 20 Pascal VOC classes in the devkit's order; category ids are index + 1. */
export const VOC_CLASSES: readonly string[] = [
  'aeroplane', 'bicycle', 'bird', 'boat', 'bottle', 'bus', 'car', 'cat', 'chair', 'cow',
  'diningtable', 'dog', 'horse', 'motorbike', 'person', 'pottedplant', 'sheep', 'sofa', 'train', 'tvmonitor',
];

/** VOC segmentation labels: index 0 is background, then the 20 classes; 255 marks borders. */
export const VOC_SEGMENTATION_CLASSES: readonly string[] = ['background', ...VOC_CLASSES];
