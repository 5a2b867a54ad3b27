/**
 * The warning `run` prints for a model that answered nothing on every pristine image of a
 * labelled dataset. Its scores are then zeros that look like a result; almost always the export
 * is misread (outputs in another order, preprocessing off), which check-model shows at once.
 */
export function silentModelWarning(model: string, task: string, samples: number): string {
  const what = task === 'pose' ? 'no people' : task === 'detection' ? 'no detections' : 'nothing';
  const at = model.lastIndexOf('@');
  const check = at > 0 ? `${model.slice(0, at)} --model-config ${model.slice(at + 1)}` : model;
  return `${model} found ${what} on any of the ${samples} pristine images of this labelled dataset, so its scores are meaningless zeros. ` +
    `The export is most likely misread (outputs mapped wrongly, or preprocessing that is not the model's): ` +
    `run \`lossyvision check-model ${check} --task ${task} --image IMAGE\` to see its outputs and one prediction`;
}
