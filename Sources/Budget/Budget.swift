enum BudgetPlaceholder {}
