/** The training run's random stream is the project's one seeded generator. */
export { Mulberry32 as TrainingRng } from '../random.js';
