/**
 * Everyday questions the demo shop database can answer; used by the UI as suggestions, by the
 * CLI tour and by smoke evals. Relative dates ("last month", "this year") always have data
 * because the generator ends the data at the day it runs.
 */
export const DEMO_QUESTIONS: readonly string[] = [
  'How many orders were placed last month?',
  'Top 5 products by revenue',
  'How many customers are there per country?',
  'What is the average rating of products in the Electronics category?',
  'What was the total revenue this year?',
  'Show monthly revenue for the last 12 months',
  'Which 10 customers spent the most?',
  'How many orders were cancelled or returned last quarter?',
  'What is the average order value by customer segment?',
  'Which payment methods are used most often?',
  'Which products are out of stock?',
  'How many new customers signed up each month this year?',
  'Which sales representative handled the most orders?',
  'What are the 5 best-selling categories by units sold?',
  'Which products have an average rating below 3?',
  'How many employees report to each manager?',
];
