// kubectl's printers: durations, pod columns, describe pod and the API server's Table responses.
export { type DescribeEvent, describePod, describeProbe } from './describePod.ts';
export { humanDuration, parseTimestamp, translateTimestampSince } from './humanDuration.ts';
export { formatLabelSelector, selectorString } from './labelSelector.ts';
export { type PodColumns, podColumns, podRestartsText } from './podColumns.ts';
export {
  isTableResource,
  TABLE_RESOURCES,
  type TableColumnDefinition,
  type TableResource,
  tableColumns,
} from './tableColumns.ts';
export { type TableCell, type TableRowCells, type TableRowCondition, tableRow } from './tableRow.ts';
export { type IncludeObject, type Table, type TableRow, type ToTableOptions, toTable } from './toTable.ts';
