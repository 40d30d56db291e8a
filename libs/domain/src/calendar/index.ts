export * from './arithmetic';
export {
  daysInMonth,
  isLeapYear,
  isValidBusinessDate,
  isRealDate,
  toDayNumber,
  dateOfDayNumber,
} from './business-date';
export * from './oslo';
export * from './period';
